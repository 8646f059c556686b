// The database key: 32 random bytes made once, kept in the Keychain as a
// generic password that is readable after the first unlock since boot (so
// background reminder refreshes can open the database) and never leaves
// this device (no iCloud Keychain, not in backups restored elsewhere).
import CadenceKit
import Foundation
import Security

enum KeyStore {
    private static let service = "health.cadence.database-key"
    private static let account = "default"

    struct KeychainError: Error {
        let status: OSStatus
    }

    /// The key, made and stored on first use.
    static func databaseKey() throws -> Data {
        if let key = try read() { return key }
        var key = Data(count: CadenceClient.keyBytes)
        let status = key.withUnsafeMutableBytes { buffer in
            SecRandomCopyBytes(kSecRandomDefault, CadenceClient.keyBytes, buffer.baseAddress!)
        }
        guard status == errSecSuccess else { throw KeychainError(status: status) }
        let add: [CFString: Any] = [
            kSecClass: kSecClassGenericPassword,
            kSecAttrService: service,
            kSecAttrAccount: account,
            kSecAttrAccessible: kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly,
            kSecValueData: key,
        ]
        let added = SecItemAdd(add as CFDictionary, nil)
        if added == errSecDuplicateItem, let existing = try read() {
            return existing // another launch path made it first
        }
        guard added == errSecSuccess else { throw KeychainError(status: added) }
        return key
    }

    private static func read() throws -> Data? {
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
