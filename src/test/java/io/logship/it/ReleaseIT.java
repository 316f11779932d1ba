package io.logship.it;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The release mvn package builds, target/logship-&lt;version&gt;.zip, unpacked into an empty folder and run
 * there as docs/operations.md installs it: validate, seal, then the service ships.
 */
class ReleaseIT extends ShipITSupport {

    @TempDir
    Path empty;

    @Test
    void theUnpackedReleaseValidatesSealsAndShips() throws Exception {
        Path release = unzip(theZip(), empty);
        for (String f : List.of("logship.jar", "README.md", "config/application.properties", "config/systemd/logship.service",
                "config/windows/logship-service.xml", "config/windows/install-logship.ps1", "routes/ship-logs.camel.yaml",
                "docs/operations.md", "licenses/README.txt", "licenses/THIRD-PARTY.txt", "licenses/Apache-2.0.txt")) {
            assertTrue(Files.isRegularFile(release.resolve(f)), f);
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path jar = release.resolve("logship.jar");
        // the installation's own seal, config/logship.seal, as the guide makes it
        Map<String, String> properties = new LinkedHashMap<>(props);
        properties.remove("logship.integrity.manifest");

        LogshipProcess.CommandResult valid = LogshipProcess.command(java, jar, release, properties, Map.of(), "validate", "--login");
        assertEquals(0, valid.exitCode(), valid.output());
        assertTrue(valid.output().contains("logship: config/application.properties"), valid.output());
        LogshipProcess.CommandResult seal = LogshipProcess.command(java, jar, release, properties, Map.of(), "seal");
        assertEquals(0, seal.exitCode(), seal.output());
        assertTrue(Files.isRegularFile(release.resolve("config/logship.seal")));

        Path local = writeLog("from-the-release.log", "unpacked, validated, sealed\n".getBytes(StandardCharsets.UTF_8));
        try (LogshipProcess logship = LogshipProcess.start(List.of(java.toString(), "-Xmx256m"), jar, release, properties,
                Map.of(), release.resolve("logship.out"))) {
            logship.awaitOutput("StartupSummary - logship ", SHIP_TIMEOUT);
            awaitGone(local);
            assertEquals("unpacked, validated, sealed\n", new String(nas.read("from-the-release.log"), StandardCharsets.UTF_8));
            assertTrue(logship.output().contains(" started: 1 target, sealed, integrity enforce"), logship.output());
        }
    }

    @Test
    void everyLibraryInsideTheJarIsListedWithItsLicenseAndItsNoticeFilesAreThere() throws Exception {
        Path release = unzip(theZip(), empty);
        // Maven dependencies, and below them in README.txt the libraries inside another library's jar
        String thirdParty = Files.readString(release.resolve("licenses/THIRD-PARTY.txt"))
                + Files.readString(release.resolve("licenses/README.txt"));
        List<String> bundled = new ArrayList<>();
        try (ZipFile jar = new ZipFile(release.resolve("logship.jar").toFile())) {
            for (ZipEntry e : Collections.list(jar.entries())) {
                if (e.getName().startsWith("META-INF/maven/") && e.getName().endsWith("/pom.properties")) {
                    Properties p = new Properties();
                    try (InputStream in = jar.getInputStream(e)) {
                        p.load(in);
                    }
                    if (!p.getProperty("groupId").equals("io.logship")) {
                        bundled.add(p.getProperty("groupId") + ":" + p.getProperty("artifactId") + ":" + p.getProperty("version"));
                    }
                }
            }
        }
        assertTrue(bundled.size() > 50, bundled.toString());
        for (String library : bundled) {
            assertTrue(thirdParty.contains("(" + library + " - "), library + " is in logship.jar but not in licenses/THIRD-PARTY.txt or README.txt");
        }
        // the NOTICE files the Apache License asks to pass on, as the libraries carry them
        try (Stream<Path> notices = Files.walk(release.resolve("licenses/in-jars"))) {
            List<String> carried = notices.filter(p -> p.getFileName().toString().startsWith("NOTICE"))
                    .map(p -> release.resolve("licenses/in-jars").relativize(p).getName(0).toString()).toList();
            for (String library : List.of("camel-api-", "log4j-core-", "jackson-databind-", "micrometer-core-")) {
                assertTrue(carried.stream().anyMatch(c -> c.startsWith(library)), library + " in " + carried);
            }
        }
    }

    private static Path theZip() throws IOException {
        try (Stream<Path> zips = Files.list(Path.of("target"))) {
            List<Path> found = zips.filter(p -> p.getFileName().toString().matches("logship-.+\\.zip")).toList();
            assertEquals(1, found.size(), "target/logship-<version>.zip of mvn package: " + found);
            return found.get(0);
        }
    }

    private static Path unzip(Path zip, Path into) throws IOException {
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (ZipEntry e : Collections.list(z.entries())) {
                Path to = into.resolve(e.getName()).normalize();
                assertTrue(to.startsWith(into), e.getName());
                if (e.isDirectory()) {
                    Files.createDirectories(to);
                } else {
                    Files.createDirectories(to.getParent());
                    try (InputStream in = z.getInputStream(e)) {
                        Files.copy(in, to);
                    }
                }
            }
        }
        return into;
    }
}
