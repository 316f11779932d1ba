package io.logship.integrity;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import io.logship.nas.Sha256;

/**
 * The seal: the SHA-256 of the configuration file and of every route file, written by
 * {@code logship seal} in {@code sha256sum} format (so {@code sha256sum -c} reads it too) and compared
 * by {@link IntegrityCheck}. Paths are as the service sees them from its working directory.
 */
public final class SealManifest {

    private final Path manifest;
    private final Path witness;
    private final Path configFile;
    private final List<String> routePatterns;

    /**
     * {@code routePatterns}: camel.main.routesIncludePattern, e.g. {@code file:routes/*.camel.yaml};
     * {@code witness}: a file in logship's own data (not beside the seal) that records that a seal
     * existed, so a seal removed later is told from one never made.
     */
    public SealManifest(Path manifest, Path witness, Path configFile, String routePatterns) {
        this.manifest = manifest;
        this.witness = witness;
        this.configFile = configFile;
        this.routePatterns = Stream.of(routePatterns.split(",")).map(String::strip)
                .filter(p -> p.startsWith("file:")).map(p -> p.substring("file:".length())).toList();
    }

    public Path path() {
        return manifest;
    }

    /** The files the seal covers, with their SHA-256 now. */
    public Map<String, String> current() throws IOException {
        Map<String, String> files = new TreeMap<>();
        files.put(configFile.toString(), hash(configFile));
        for (String pattern : routePatterns) {
            Path dir = Path.of(pattern).getParent() == null ? Path.of(".") : Path.of(pattern).getParent();
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + Path.of(pattern).getFileName());
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.filter(p -> matcher.matches(p.getFileName())).toList()) {
                    files.put(p.toString(), hash(p));
                }
            }
        }
        return files;
    }

    /** True once a seal has existed here: written by {@link #seal} and whenever the seal is read. */
    public boolean wasSealed() {
        return Files.exists(witness);
    }

    private void witness() throws IOException {
        if (!Files.exists(witness)) {
            Files.createDirectories(witness.toAbsolutePath().getParent());
            Files.writeString(witness, manifest.toAbsolutePath() + "\n", StandardCharsets.UTF_8);
        }
    }

    /** The sealed hashes, or null when there is no seal. */
    public Map<String, String> sealed() throws IOException {
        if (!Files.exists(manifest)) {
            return null;
        }
        witness();
        Map<String, String> sealed = new LinkedHashMap<>();
        for (String line : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
            if (line.length() > 66 && !line.startsWith("#")) {
                sealed.put(line.substring(66), line.substring(0, 64));
            }
        }
        return sealed;
    }

    /** Writes the seal of the files as they are now, atomically; returns how many it covers. */
    public int seal() throws IOException {
        Map<String, String> files = current();
        StringBuilder out = new StringBuilder();
        files.forEach((path, hash) -> out.append(Sha256.sidecarLine(hash, path)));
        Path parent = manifest.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempFile(parent, ".seal", ".tmp");
        Files.writeString(temp, out.toString(), StandardCharsets.UTF_8);
        Files.move(temp, manifest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        witness();
        return files.size();
    }

    /**
     * What differs from the seal, one phrase per file; empty when everything matches, and when no seal
     * was ever made here ({@link #wasSealed}: that is "unsealed", not a difference).
     */
    public List<String> differences() throws IOException {
        Map<String, String> sealed = sealed();
        if (sealed == null) {
            return wasSealed() ? List.of("the seal " + manifest + " is missing although this installation was sealed"
                    + " (" + witness + "): restore it, or check the files and run 'java -jar logship.jar seal'") : List.of();
        }
        Map<String, String> now = current();
        List<String> diffs = new java.util.ArrayList<>();
        sealed.forEach((path, hash) -> {
            if (!now.containsKey(path)) {
                diffs.add(path + " is missing");
            } else if (!now.get(path).equals(hash)) {
                diffs.add(path + " changed");
            }
        });
        now.keySet().stream().filter(p -> !sealed.containsKey(p)).forEach(p -> diffs.add(p + " is new"));
        return diffs;
    }

    private static String hash(Path file) throws IOException {
        MessageDigest md = Sha256.newDigest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
