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

    /** sha256sum -c skips lines that begin with '#': the original name rides along, one line whatever it holds. */
    @Test
    void aSidecarNamesTheOriginalNameInACommentWhenTheNasNameDiffers() {
        String hash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        assertEquals(hash + "  trans.log\n", Sha256.sidecar(hash, "trans.log", "trans.log"));
        assertEquals(hash + "  why？␉.log\n# logship: original name why?\\x09.log\n", Sha256.sidecar(hash, "why？␉.log", "why?\t.log"));
    }
}
