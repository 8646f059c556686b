// The app's two secrets — the database key and the share secret — each 32
// random bytes, wrapped by a non-exportable Android Keystore key.
package health.cadence.app

import android.content.Context
import android.os.Build
import android.security.keystore.KeyGenParameterSpec
import android.security.keystore.KeyPermanentlyInvalidatedException
import android.security.keystore.KeyProperties
import android.util.AtomicFile
import health.cadence.kit.CadenceClient
import java.io.File
import java.io.IOException
import java.security.KeyStore
import java.security.SecureRandom
import java.security.UnrecoverableKeyException
import javax.crypto.AEADBadTagException
import javax.crypto.Cipher
import javax.crypto.KeyGenerator
import javax.crypto.SecretKey
import javax.crypto.spec.GCMParameterSpec

/**
 * Secrets wrapped with AES-256-GCM by the Keystore key [ALIAS] (it never leaves
 * the secure hardware) and kept, with their IV, in private files under
 * `noBackupFilesDir/keys`, beside the database they open. Neither is ever
 * backed up: a copy on another device could not be unwrapped.
 *
 * The Keystore key needs no user authentication and no unlocked device, so
 * alarms and boot broadcasts can open the database while the phone is locked.
 * (The app is not direct-boot aware: it runs only after the first unlock,
 * when its credential-encrypted files are readable.)
 *
 * Secrets are returned as fresh arrays; callers clear them after use.
 */
class KeyVault(context: Context) {
    /**
     * The Keystore key or a wrapped secret is gone (the app's data was moved
     * to another device, or the key store was reset): what it protected cannot
     * be opened on this device. The app offers restore from an encrypted backup.
     */
    class KeyLostException(secret: String, cause: Throwable? = null) :
        Exception("the device key for the $secret secret is gone; restore from an encrypted backup", cause)

    private val dir = File(context.noBackupFilesDir, "keys")

    /**
     * The SQLCipher key. With [create] (no database file yet) a missing key is
     * made; without it a missing key is [KeyLostException].
     */
    fun databaseKey(create: Boolean): ByteArray = secret(DATABASE, create)

    /**
     * The secret that unseals this device's sharing keys inside the database
     * (`CadenceClient.exportShareBundle`, pairing). Made on first use.
     */
    fun shareSecret(): ByteArray = secret(SHARE, create = true)

    /** Forgets both secrets and the Keystore key (before starting over or restoring). */
    @Synchronized
    fun reset() {
        for (name in listOf(DATABASE, SHARE)) file(name).delete()
        val store = keyStore()
        if (store.containsAlias(ALIAS)) store.deleteEntry(ALIAS)
    }

    @Synchronized
    private fun secret(name: String, create: Boolean): ByteArray {
        val file = file(name)
        if (file.baseFile.exists()) return unwrap(name, file.readFully())
        if (!create) throw KeyLostException(name)
        val secret = ByteArray(CadenceClient.KEY_BYTES).also(SecureRandom()::nextBytes)
        write(file, wrap(name, secret))
        return secret
    }

    /** [FORMAT], IV length, IV, ciphertext with tag; the secret's name is the AAD. */
    private fun wrap(name: String, secret: ByteArray): ByteArray {
        val cipher = Cipher.getInstance(TRANSFORMATION)
        cipher.init(Cipher.ENCRYPT_MODE, wrappingKey(create = true)) // the Keystore picks the IV
        cipher.updateAAD(name.toByteArray())
        val sealed = cipher.doFinal(secret)
        val iv = cipher.iv
        return byteArrayOf(FORMAT, iv.size.toByte()) + iv + sealed
    }

    private fun unwrap(name: String, blob: ByteArray): ByteArray {
        val key = wrappingKey(create = false) ?: throw KeyLostException(name)
        val ivLength = if (blob.size > 2 && blob[0] == FORMAT) blob[1].toInt() else -1
        if (ivLength <= 0 || blob.size <= 2 + ivLength) throw KeyLostException(name)
        return try {
            val cipher = Cipher.getInstance(TRANSFORMATION)
            cipher.init(Cipher.DECRYPT_MODE, key, GCMParameterSpec(TAG_BITS, blob, 2, ivLength))
            cipher.updateAAD(name.toByteArray())
            cipher.doFinal(blob, 2 + ivLength, blob.size - 2 - ivLength)
        } catch (e: KeyPermanentlyInvalidatedException) {
            throw KeyLostException(name, e)
        } catch (e: AEADBadTagException) {
            throw KeyLostException(name, e) // wrapped by a key that no longer exists
        }
    }

    /** The Keystore key; made when missing and [create]. Other Keystore failures propagate (retry later). */
    private fun wrappingKey(create: Boolean): SecretKey? {
        val existing = try {
            keyStore().getKey(ALIAS, null) as SecretKey?
        } catch (e: UnrecoverableKeyException) {
            null
        }
        if (existing != null || !create) return existing
        val spec = KeyGenParameterSpec.Builder(ALIAS, KeyProperties.PURPOSE_ENCRYPT or KeyProperties.PURPOSE_DECRYPT)
            .setBlockModes(KeyProperties.BLOCK_MODE_GCM)
            .setEncryptionPaddings(KeyProperties.ENCRYPTION_PADDING_NONE)
            .setKeySize(256)
            // Reminders are re-armed from broadcasts while the phone is locked.
            .setUserAuthenticationRequired(false)
            .apply { if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.P) setUnlockedDeviceRequired(false) }
            .build()
        return KeyGenerator.getInstance(KeyProperties.KEY_ALGORITHM_AES, KEYSTORE).run {
            init(spec)
            generateKey()
        }
    }

    private fun write(file: AtomicFile, bytes: ByteArray) {
        dir.mkdirs()
        val out = file.startWrite()
        try {
            out.write(bytes)
            file.finishWrite(out) // fsync, then rename
        } catch (e: IOException) {
            file.failWrite(out)
            throw e
        }
    }

    private fun file(name: String) = AtomicFile(File(dir, "$name.wrapped"))

    private fun keyStore(): KeyStore = KeyStore.getInstance(KEYSTORE).apply { load(null) }

    private companion object {
        const val KEYSTORE = "AndroidKeyStore"
        const val ALIAS = "cadence.wrap.v1"
        const val TRANSFORMATION = "AES/GCM/NoPadding"
        const val TAG_BITS = 128
        const val FORMAT: Byte = 1
        const val DATABASE = "database"
        const val SHARE = "share"
    }
}
