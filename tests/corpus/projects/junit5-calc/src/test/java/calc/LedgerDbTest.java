package calc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LedgerDbTest {
    @BeforeAll
    static void connect() {
        throw new IllegalStateException("ledger database is not reachable");
    }

    @Test
    void storesEntries() {
        assertEquals(1, 1);
    }

    @Test
    void readsEntries() {
        assertEquals(2, 2);
    }
}
