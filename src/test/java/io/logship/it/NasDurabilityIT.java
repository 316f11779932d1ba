package io.logship.it;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The NAS copy is on the NAS's disk, not only in its cache, before the local copy goes: logship sends
 * an SMB2 FLUSH for the data file and for its sidecar before renaming each to its final name, and smbd
 * (strict sync, its default) turns each into an fsync, which the audited share records.
 */
class NasDurabilityIT extends ShipITSupport {

    @Test
    void theCopyAndItsSidecarAreFlushedBeforeTheyGetTheirNames() throws Exception {
        props.put("logship.nas.share", SambaFixture.AUDITED_SHARE);
        NasShare audited = new NasShare(samba, SambaFixture.AUDITED_SHARE, nas.nasDir());
        Path local = writeLog("trans-durable.log", "2026-12-02 TXN-1 POSTED\n".getBytes(StandardCharsets.UTF_8));
        Path day = audited.dayDirOf(local);
        startApp();
        awaitGone(local);

        List<String> ops = audit(audited.base());
        String dataRename = find(ops, "renameat|ok|", day.resolve("trans-durable.log") + "\n");
        String temp = between(dataRename, "renameat|ok|", "|");
        assertTrue(indexOf(ops, "fsync_send|ok|" + temp + "\n") >= 0
                && indexOf(ops, "fsync_send|ok|" + temp + "\n") < ops.indexOf(dataRename),
                "the data file was flushed under its temporary name before the rename: " + ops);
        String sidecarRename = find(ops, "renameat|ok|", day.resolve("trans-durable.log.sha256") + "\n");
        String sidecarTemp = between(sidecarRename, "renameat|ok|", "|");
        assertTrue(indexOf(ops, "fsync_send|ok|" + sidecarTemp + "\n") >= 0
                && indexOf(ops, "fsync_send|ok|" + sidecarTemp + "\n") < ops.indexOf(sidecarRename),
                "the sidecar was flushed before its rename: " + ops);
    }

    /** The audited share's fsync and rename records for paths under {@code base}, in order. */
    private List<String> audit(Path base) throws Exception {
        List<String> ops = new ArrayList<>();
        for (String name : List.of("smbd.log.old", "smbd.log")) {
            Path log = samba.workDir().resolve("log").resolve(name);
            if (!Files.exists(log)) {
                continue;
            }
            for (String line : Files.readAllLines(log, StandardCharsets.ISO_8859_1)) {
                int at = line.indexOf(SambaFixture.AUDITED_SHARE + "|");
                if (at >= 0 && line.contains(base.toString())) {
                    ops.add(line.substring(at + SambaFixture.AUDITED_SHARE.length() + 1) + "\n");
                }
            }
        }
        return ops;
    }

    private static String find(List<String> ops, String prefix, String suffix) {
        return ops.stream().filter(o -> o.startsWith(prefix) && o.endsWith("|" + suffix)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + prefix + "…|" + suffix.strip() + " in " + ops));
    }

    private static int indexOf(List<String> ops, String op) {
        return ops.indexOf(op);
    }

    private static String between(String s, String after, String before) {
        int from = s.indexOf(after) + after.length();
        return s.substring(from, s.indexOf(before, from));
    }
}
