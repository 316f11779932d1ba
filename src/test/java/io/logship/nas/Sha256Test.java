package io.logship.nas;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class Sha256Test {

    @Test
    void sidecarLineIsWhatSha256sumWrites() {
        // sha256sum prints the hash, two spaces (text mode), the name and a newline
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  empty file.log\n",
                Sha256.sidecarLine("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "empty file.log"));
    }
}
