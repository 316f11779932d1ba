package io.logship.nas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hierynomus.mssmb2.SMB2Dialect;
import com.hierynomus.mssmb2.SMB2FileId;
import com.hierynomus.mssmb2.messages.SMB2WriteRequest;
import com.hierynomus.smb.SMBBuffer;
import com.hierynomus.smbj.io.ArrayByteChunkProvider;
import org.junit.jupiter.api.Test;

/** A write request of logship.nas.bufferSize fits, with its headers, in smbj's buffer of that size. */
class WriteRequestSizeTest {

    private static final int MIB = 1024 * 1024;
    /** What sealing puts before an encrypted message (SMB2 TRANSFORM_HEADER). */
    private static final int TRANSFORM_HEADER = 52;

    @Test
    void aMessageOfTheDefaultBufferSizeFitsOneBufferOfThatSize() {
        int data = NasClient.writeData(MIB, 8 * MIB);
        SMBBuffer message = encode(data);
        assertEquals(MIB, message.array().length, "smbj's buffer for the message");
        assertTrue(message.wpos() + TRANSFORM_HEADER <= MIB, "sealed, it still fits: " + message.wpos());
        // the whole 1 MiB of data, as before, took a buffer twice as large (and its sealing another)
        assertEquals(2 * MIB, encode(MIB).array().length);
    }

    @Test
    void theServersMaximumCapsTheRequestAndSmallBuffersStillCarryData() {
        assertEquals(MIB - NasClient.WRITE_HEADERS, NasClient.writeData(8 * MIB, MIB));
        assertEquals(65_536 - NasClient.WRITE_HEADERS, NasClient.writeData(65_536, 8 * MIB));
        assertEquals(1000, NasClient.writeData(2000, 8 * MIB), "never less than half the buffer");
    }

    private static SMBBuffer encode(int dataBytes) {
        SMB2WriteRequest request = new SMB2WriteRequest(SMB2Dialect.SMB_3_1_1, new SMB2FileId(new byte[16], new byte[16]),
                1L, 1L, new ArrayByteChunkProvider(new byte[dataBytes], 0L), dataBytes);
        // as smbj's connection does before it sends: one credit per 64 KiB of payload
        request.setCreditsAssigned((dataBytes + 65_535) / 65_536);
        SMBBuffer buffer = new SMBBuffer();
        request.write(buffer);
        return buffer;
    }
}
