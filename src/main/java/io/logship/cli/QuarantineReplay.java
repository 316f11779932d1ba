package io.logship.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.logship.failure.Quarantine;
import io.logship.failure.QuarantineRecord;

/** {@code logship replay [NAME…]}: quarantined files back into the source folder, one line each. */
public final class QuarantineReplay {

    private final Quarantine quarantine;
    private final Path sourceDir;

    public QuarantineReplay(Path deadletterDir, Path sourceDir) {
        this.quarantine = new Quarantine(deadletterDir);
        this.sourceDir = sourceDir;
    }

    /** Replays {@code names} (all when empty) and returns the exit code: 0 without a problem, else 1. */
    public int replay(List<String> names, PrintWriter out, PrintWriter err) throws IOException {
        List<String> wanted = new ArrayList<>(names);
        int replayed = 0;
        int problems = 0;
        for (Path record : quarantine.records()) {
            QuarantineRecord r = quarantine.read(record);
            if (!names.isEmpty() && !wanted.remove(r.file())) {
                continue;
            }
            try {
                out.println("logship: " + quarantine.replay(record, sourceDir));
                replayed++;
            } catch (IOException e) {
                err.println("logship: cannot replay " + r.file() + ": " + e.getMessage());
                problems++;
            }
        }
        for (String missing : wanted) {
            err.println("logship: " + missing + " is not in the quarantine " + quarantine.dir());
            problems++;
        }
        out.println("logship: replayed " + replayed + ", problems " + problems);
        return problems == 0 ? 0 : 1;
    }
}
