package io.logship.config;

import java.util.List;

/** A configuration value a user must fix; each problem is one line naming the key and the fix. */
public final class SettingsException extends RuntimeException {

    private final List<String> problems;

    public SettingsException(List<String> problems) {
        super(String.join(System.lineSeparator(), problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }

    /**
     * True when every problem is a source folder that does not exist: perhaps a volume mounted late at
     * boot, so a service is better restarted until the folder appears than left stopped.
     */
    public boolean awaitsSourceFolders() {
        return !problems.isEmpty() && problems.stream().allMatch(FolderChecks::missingSource);
    }
}
