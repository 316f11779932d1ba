package io.logship.nas;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What Windows and SMB refuse in a name becomes the same look-alike every time; other names stay as they are. */
class NasNamesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "trans-2026-12-06T12:30:00.log|trans-2026-12-06T12：30：00.log",
        "what*.log|what＊.log",
        "why?.log|why？.log",
        "say \"hi\".log|say ＂hi＂.log",
        "a<b>c.log|a＜b＞c.log",
        "'pipe|1.log'|pipe｜1.log",
        "trailing.|trailing．",
        "'trailing '|trailing␠",
        "CON|COＮ",
        "nul.log|nuｌ.log",
        "Com1.txt|Com１.txt",
        "LPT9|LPT９",
        "console.log|console.log",
        "CONFIG|CONFIG",
        "trans.log|trans.log",
        "já-東京.log|já-東京.log"})
    void mapsWhatWindowsAndSmbRefuse(String name, String onTheNas) {
        assertEquals(onTheNas, NasNames.name(name));
        assertEquals(onTheNas, NasNames.name(onTheNas), "a mapped name maps to itself");
    }

    @Test
    void controlCharactersBecomeTheirPictures() {
        assertEquals("tab␉and␊newline.log", NasNames.name("tab\tand\nnewline.log"));
    }

    @Test
    void eachFolderOfAPathIsMappedAndTheSlashesStay() {
        assertEquals("host/2026-12-06T12：30/why？.log", NasNames.path("host/2026-12-06T12:30/why?.log"));
        for (String plain : List.of("", "a", "a/b/c.log")) {
            assertEquals(plain, NasNames.path(plain));
        }
    }
}
