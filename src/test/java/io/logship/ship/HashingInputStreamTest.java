package io.logship.ship;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.HexFormat;
import java.util.Random;

import io.logship.nas.Sha256;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HashingInputStreamTest {

    @Test
    void hashesAndCountsEveryByteHoweverItIsRead() throws IOException {
        byte[] data = new byte[1_000_003];
        new Random(1).nextBytes(data);
        HashingInputStream in = new HashingInputStream(new ByteArrayInputStream(data));
        in.read();
        in.skip(10_000);
        in.read(new byte[5000], 100, 4000);
        in.transferTo(java.io.OutputStream.nullOutputStream());
        assertEquals(data.length, in.count());
        assertEquals(HexFormat.of().formatHex(Sha256.newDigest().digest(data)), in.hex());
    }

    @Test
    void theHashOfNothingIsTheEmptySha256() {
        HashingInputStream in = new HashingInputStream(new ByteArrayInputStream(new byte[0]));
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", in.hex());
    }

    @Test
    void refusesResetThatWouldHashBytesTwice() {
        HashingInputStream in = new HashingInputStream(new ByteArrayInputStream(new byte[10]));
        assertThrows(IOException.class, in::reset);
    }
}
