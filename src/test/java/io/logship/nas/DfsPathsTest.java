package io.logship.nas;

import com.hierynomus.mssmb2.SMBApiException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DfsPathsTest {

    @Test
    void withoutAReferralTheNameStaysWithBackslashes() {
        assertEquals("erp\\host\\2026\\trans.log",
                DfsPaths.renameTarget("erp\\.logship-tmp\\host\\trans.log.part", "erp/.logship-tmp/host/trans.log.part",
                        "erp/host/2026/trans.log"));
    }

    @Test
    void aLinkToAShareRootDropsTheLinksName() {
        // \\corp\shares\logs -> \\nas01\logs: opened as logs\erp\..., the handle is erp\... on nas01's share
        assertEquals("erp\\host\\trans.log", DfsPaths.renameTarget("erp\\.logship-tmp\\x.part", "logs/erp/.logship-tmp/x.part",
                "logs/erp/host/trans.log"));
    }

    @Test
    void aLinkToAFolderPutsThatFolderFirstAndIgnoresCase() {
        // \\corp\shares\logs -> \\nas01\archive\erp-logs
        assertEquals("erp-logs\\erp\\host\\trans.log", DfsPaths.renameTarget("erp-logs\\erp\\.logship-tmp\\x.part",
                "Logs/erp/.logship-tmp/x.part", "logs/erp/host/trans.log"));
    }

    @Test
    void aNameOutsideTheLinkIsRefusedNamingTheKey() {
        DfsPaths.OutsideLink e = assertThrows(DfsPaths.OutsideLink.class, () -> DfsPaths.renameTarget(
                "erp\\.logship-tmp\\x.part", "logs/erp/.logship-tmp/x.part", "other/erp/trans.log"));
        assertTrue(e.getMessage().contains("set logship.nas.dir to a folder inside one link"), e.getMessage());
    }

    @Test
    void readsWhichServerAReferralCouldNotReach() {
        SMBApiException e = new SMBApiException(0xFFFFFFFFL, null, "Could not connect to DFS root \\\\nas02\\logs\\erp\\x.part",
                new java.net.ConnectException("Connection refused"));
        assertEquals("\\\\nas02\\logs", DfsPaths.unreachableTarget(e));
        assertNull(DfsPaths.unreachableTarget(new SMBApiException(0xC0000022L, null, "Create failed", null)));
        NasException nas = new NasException("//corp.example:445/shares", "create logs/erp/x.part", e);
        assertEquals(NasException.Reason.NAS_UNREACHABLE, nas.reason());
        assertEquals("NAS //corp.example:445/shares unreachable (DFS target \\\\nas02\\logs: Connection refused) while"
                + " trying to create logs/erp/x.part", nas.getMessage());
    }
}
