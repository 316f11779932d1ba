package io.logship.it;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.logship.nas.Sha256;
import io.logship.sandbox.SambaSandbox;
import org.apache.camel.util.InetAddressUtil;

/** A test's folder on the sandbox share, seen through the share's folder on disk and through smbclient. */
public final class NasShare {

    private final SambaSandbox samba;
    private final String nasDir;
    private final Path base;

    public NasShare(SambaSandbox samba, String nasDir) {
        this(samba, SambaFixture.SHARE, nasDir);
    }

    /** The test's folder {@code nasDir} on another share of the sandbox. */
    public NasShare(SambaSandbox samba, String share, String nasDir) {
        this(samba, samba.sharePath(share), nasDir);
    }

    /** The test's folder {@code nasDir} on a share whose files are in {@code sharePath} (not the sandbox's: no smbclient). */
    public NasShare(Path sharePath, String nasDir) {
        this(null, sharePath, nasDir);
    }

    private NasShare(SambaSandbox samba, Path sharePath, String nasDir) {
        this.samba = samba;
        this.nasDir = nasDir;
        this.base = sharePath.resolve(nasDir);
    }

    public Path base() {
        return base;
    }

    /** The folder the default layout gives a file last modified on {@code date}: host/yyyy/MM/dd. */
    public Path dayDir(LocalDate date) {
        return base.resolve(InetAddressUtil.getLocalHostNameSafe())
                .resolve(String.format("%04d/%02d/%02d", date.getYear(), date.getMonthValue(), date.getDayOfMonth()));
    }

    /** The day folder of a file's last-modified date with logship.nas.timeZone empty: the system's zone. */
    public Path dayDirOf(Path localFile) throws IOException {
        return dayDirOf(localFile, ZoneId.systemDefault());
    }

    /** The day folder of a file's last-modified date in {@code zone} (logship.nas.timeZone). */
    public Path dayDirOf(Path localFile, ZoneId zone) throws IOException {
        return dayDir(LocalDate.ofInstant(Files.getLastModifiedTime(localFile).toInstant(), zone));
    }

    /**
     * Every regular file under the test's folder, relative to it, temporary files included; not the
     * NAS probe's own file, which lives for a moment every logship.nas.probeSeconds.
     */
    public List<String> allFiles() throws IOException {
        return regularFiles(base).stream().filter(p -> !p.getFileName().toString().equals(".probe"))
                .map(p -> base.relativize(p).toString().replace('\\', '/')).sorted().toList();
    }

    /**
     * The regular files under {@code root} (none if it does not exist), walked while logship renames and
     * removes its temporary files: an entry gone between listing its folder and reading it is left out, as if
     * listed a moment later; any other failure to read one fails the walk.
     */
    public static List<Path> regularFiles(Path root) throws IOException {
        List<Path> files = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    files.add(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e == null || e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
        return files;
    }

    /** The bytes of the one published file of this name, wherever the layout put it. */
    public byte[] read(String name) throws IOException {
        List<String> found = allFiles().stream().filter(f -> !f.startsWith(".logship-tmp/"))
                .filter(f -> f.equals(name) || f.endsWith("/" + name)).toList();
        if (found.size() != 1) {
            throw new IOException("expected one " + name + " on the NAS, found " + found);
        }
        return Files.readAllBytes(base.resolve(found.get(0)));
    }

    /** Files under the temporary-upload folder; none may remain once shipping is done. */
    public List<String> tempFiles() throws IOException {
        return allFiles().stream().filter(f -> f.startsWith(".logship-tmp/")).toList();
    }

    /** The size of the largest temporary copy of an upload in progress (a .part file), or 0. */
    public long largestPart() throws IOException {
        return tempFiles().stream().filter(f -> f.endsWith(".part")).mapToLong(f -> base.resolve(f).toFile().length())
                .max().orElse(0);
    }

    /** Runs {@code sha256sum -c NAME.sha256} in the file's folder on the share; returns its output, failing on a bad exit. */
    public String sha256sumCheck(Path file) throws IOException, InterruptedException {
        return sha256sumCheck(file, file.getFileName() + ".sha256");
    }

    /** Runs {@code sha256sum -c SIDECAR} in the file's folder: a sidecar under another name than NAME.sha256. */
    public String sha256sumCheck(Path file, String sidecar) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sha256sum", "-c", sidecar)
                .directory(file.getParent().toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("sha256sum -c failed for " + file + ": " + out);
        }
        return out;
    }

    /** What smbclient lists in a folder of the share (relative to the test's folder). */
    public String smbclientLs(Path dirOnDisk) throws IOException, InterruptedException {
        String rel = samba.sharePath(SambaFixture.SHARE).relativize(dirOnDisk).toString().replace('/', '\\');
        Process p = new ProcessBuilder(samba.smbclient(SambaFixture.SHARE, "ls \"" + rel + "\\*\""))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("smbclient ls failed: " + out);
        }
        return out;
    }

    public String nasDir() {
        return nasDir;
    }

    public static String sha256(Path file) throws IOException {
        MessageDigest md = Sha256.newDigest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 20];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    public static String sha256(byte[] data) {
        return HexFormat.of().formatHex(Sha256.newDigest().digest(data));
    }
}
