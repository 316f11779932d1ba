package io.logship.nas;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.hierynomus.mssmb2.SMBApiException;
import com.hierynomus.smbj.share.DiskEntry;

/**
 * Paths through a DFS namespace (logship.nas.dfs=true). smbj follows a link's referral when it opens a
 * path, and the handle it returns lives on the share the link points to; but a rename's new name goes
 * to that server as given, and the server reads it relative to its own share. So the new name is
 * rewritten here: the namespace part of the opened path is replaced by what the referral made of it.
 * Without DFS, and for paths outside any link, a path stays as it is.
 */
final class DfsPaths {

    /** smbj's words when it cannot connect to the server a referral names (Session.createNestedSession). */
    private static final Pattern UNREACHABLE = Pattern.compile("Could not connect to DFS root (\\\\\\\\[^\\\\]+\\\\[^\\\\]+)");

    private DfsPaths() {
    }

    /**
     * The new name for a rename of {@code handle} (opened as {@code opened}) to {@code target}, both
     * paths on the share logship connected to, as the server of {@code handle} reads it: on the share a
     * DFS link points to, the path the referral gave for {@code target}. Backslashes, as SMB wants them.
     *
     * @throws OutsideLink when {@code target} is not below the DFS link {@code opened} went through
     */
    static String renameTarget(DiskEntry handle, String opened, String target) {
        return renameTarget(handle.getPath(), opened, target);
    }

    static String renameTarget(String resolved, String opened, String target) {
        List<String> from = parts(opened);
        List<String> to = parts(resolved);
        List<String> wanted = parts(target);
        // the components the referral kept: the tail both paths share
        int kept = 0;
        while (kept < from.size() && kept < to.size()
                && same(from.get(from.size() - 1 - kept), to.get(to.size() - 1 - kept))) {
            kept++;
        }
        List<String> linkPath = from.subList(0, from.size() - kept);
        List<String> targetPath = to.subList(0, to.size() - kept);
        if (wanted.size() < linkPath.size() || !sameAll(wanted.subList(0, linkPath.size()), linkPath)) {
            throw new OutsideLink(String.join("\\", wanted) + " is outside the DFS link \\"
                    + String.join("\\", linkPath) + " that " + String.join("\\", from) + " went through:"
                    + " a rename cannot leave the share a link points to; set logship.nas.dir to a folder inside one link");
        }
        List<String> out = new ArrayList<>(targetPath);
        out.addAll(wanted.subList(linkPath.size(), wanted.size()));
        return String.join("\\", out);
    }

    /** A rename out of the DFS link its file was opened through: logship.nas.dir is not inside one link. */
    static final class OutsideLink extends RuntimeException {
        OutsideLink(String message) {
            super(message);
        }
    }

    /** The {@code \\server\share} a DFS link names when smbj could not connect to it; else null. */
    static String unreachableTarget(SMBApiException e) {
        Matcher m = UNREACHABLE.matcher(e.getMessage() == null ? "" : e.getMessage());
        return m.find() ? m.group(1) : null;
    }

    private static List<String> parts(String path) {
        return Arrays.stream(path.replace('/', '\\').split("\\\\")).filter(p -> !p.isEmpty()).toList();
    }

    /** SMB names ignore case. */
    private static boolean same(String a, String b) {
        return a.toLowerCase(Locale.ROOT).equals(b.toLowerCase(Locale.ROOT));
    }

    private static boolean sameAll(List<String> a, List<String> b) {
        for (int i = 0; i < a.size(); i++) {
            if (!same(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }
}
