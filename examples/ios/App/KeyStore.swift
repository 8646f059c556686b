// The app's two secrets, each 32 random bytes kept in the Keychain as a generic password that is readable after the first unlock
// since boot (so background reminder refreshes can open the database) and
// never leaves this device (no iCloud Keychain, not in backups restored
// elsewhere): the database key, and the share secret that unseals this
// device's sharing keys inside the database (pairing, bundles for the care
// team; Android's KeyVault.shareSecret()). The database key is made only
// for a new database (the kit's DatabaseOpener decides): after a restore to
// a new phone the database comes back without its key, and the app offers
// restore from a backup or start over instead of overwriting anything.
import CadenceKit
import Foundation
import Security

/// The Keychain as the kit's `DatabaseOpener` reads it.
final class KeychainKeys: DatabaseKeys {
    func databaseKey(create: Bool) throws -> Data? {
        try KeyStore.databaseKey(create: create)
    }
}

enum KeyStore {
    private static let databaseService = "health.cadence.database-key"
    private static let shareService = "health.cadence.share-secret"
    private static let account = "default"

    struct KeychainError: Error {
        let status: OSStatus
    }

    /// The SQLCipher key; with `create`, made and stored when there is none,
    /// else nil when there is none (lost).
    static func databaseKey(create: Bool) throws -> Data? {
        create ? try secret(databaseService) : try read(databaseService)
    }

    /// Forgets both secrets (start over, or a restore after the key was
    /// lost): the next database and share keys get new ones.
    static func reset() {
        for service in [databaseService, shareService] {
            let query: [CFString: Any] = [
                kSecClass: kSecClassGenericPassword,
                kSecAttrService: service,
                kSecAttrAccount: account,
            ]
            SecItemDelete(query as CFDictionary)
        }
    }

    /// The secret that unseals the sharing keys (`CadenceClient.shareIdentity`,
    /// `ShareFile.bundle`), made and stored on first use.
    static func shareSecret() throws -> Data { try secret(shareService) }

    private static func secret(_ service: String) throws -> Data {
        if let secret = try read(service) { return secret }
        var secret = Data(count: CadenceClient.keyBytes)
        let status = secret.withUnsafeMutableBytes { buffer in
            SecRandomCopyBytes(kSecRandomDefault, CadenceClient.keyBytes, buffer.baseAddress!)
        }
        guard status == errSecSuccess else { throw KeychainError(status: status) }
        let add: [CFString: Any] = [
            kSecClass: kSecClassGenericPassword,
            kSecAttrService: service,
            kSecAttrAccount: account,
            kSecAttrAccessible: kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly,
            kSecValueData: secret,
        ]
        let added = SecItemAdd(add as CFDictionary, nil)
        if added == errSecDuplicateItem, let existing = try read(service) {
            return existing // another launch path (or thread) made it first
        }
        guard added == errSecSuccess else { throw KeychainError(status: added) }
        return secret
    }

    private static func read(_ service: String) throws -> Data? {
        let query: [CFString: Any] = [
            kSecClass: kSecClassGenericPassword,
            kSecAttrService: service,
            kSecAttrAccount: account,
            kSecReturnData: true,
            kSecMatchLimit: kSecMatchLimitOne,
        ]
        var item: CFTypeRef?
        let status = SecItemCopyMatching(query as CFDictionary, &item)
        if status == errSecItemNotFound { return nil }
        guard status == errSecSuccess, let data = item as? Data, data.count == CadenceClient.keyBytes else {
            throw KeychainError(status: status)
        }
        return data
    }
}
