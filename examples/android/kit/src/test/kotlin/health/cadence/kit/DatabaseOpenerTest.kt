// Launch never makes a key for a database that exists, and a lost or failing
// key store is a state to show (restore, start over, try again), not a crash.
package health.cadence.kit

import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Test
import java.nio.file.Files

class DatabaseOpenerTest {
    /** A key store holding at most one key; [failing]: every read throws. */
    private class FakeKeys(var key: ByteArray? = null, var failing: Boolean = false) : DatabaseKeys {
        var made = 0

        override fun databaseKey(create: Boolean): ByteArray? {
            if (failing) throw IllegalStateException("keychain locked")
            val existing = key
            if (existing != null) return existing.copyOf()
            if (!create) return null
            made++
            return ByteArray(CadenceClient.KEY_BYTES) { 9 }.also { key = it.copyOf() }
        }
    }

    @Test
    fun `a new database gets a key and opens again with it`() {
        val path = tempDb()
        val keys = FakeKeys()
        val first = DatabaseOpener.open(path, keys) as OpenOutcome.Ready
        first.client.setUp("Alex", NEW_YORK)
        first.client.close()
        val again = DatabaseOpener.open(path, keys) as OpenOutcome.Ready
        assertEquals("Alex", again.client.profile()?.displayName)
        again.client.close()
        assertEquals(1, keys.made)
    }

    @Test
    fun `a database whose key is gone is key lost and no new key is made`() {
        val path = tempDb()
        (DatabaseOpener.open(path, FakeKeys()) as OpenOutcome.Ready).client.close()
        val newPhone = FakeKeys() // restored to a new phone: the file came back, the key did not
        assertEquals(OpenOutcome.KeyLost, DatabaseOpener.open(path, newPhone))
        assertEquals(0, newPhone.made)
        assertTrue(Files.exists(path)) // nothing overwritten: a backup can still be restored
    }

    @Test
    fun `a key that does not open the database is key lost`() {
        val path = tempDb()
        (DatabaseOpener.open(path, FakeKeys()) as OpenOutcome.Ready).client.close()
        val other = FakeKeys(key = ByteArray(CadenceClient.KEY_BYTES) { 3 })
        assertEquals(OpenOutcome.KeyLost, DatabaseOpener.open(path, other))
    }

    @Test
    fun `a failing key store is a failure to retry, naming no personal data`() {
        val path = tempDb()
        val keys = FakeKeys(failing = true)
        val failed = DatabaseOpener.open(path, keys) as OpenOutcome.Failed
        assertTrue(failed.reason, failed.reason.contains("key store"))
        keys.failing = false
        (DatabaseOpener.open(path, keys) as OpenOutcome.Ready).client.close() // try again works
    }
}
