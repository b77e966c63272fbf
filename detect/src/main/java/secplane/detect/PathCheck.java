package secplane.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Path traversal and arbitrary file access (CWE-22, CWE-23, CWE-36): an input that, decoded the
 * ways applications and servers decode, walks above the directory the code built, replaces it
 * with an absolute path, carries a NUL, or names a sensitive file. See docs/detectors.md.
 */
final class PathCheck {
    static final String RULE = "path.traversal";

    private PathCheck() {
    }

    static Verdict check(String rawPath, List<Input> inputs) {
        String path = Text.cap(rawPath);
        for (int k = 0; k < inputs.size(); k++) {
            Input in = inputs.get(k);
            if (in == null) {
                continue;
            }
            String v = Text.matchable(in);
            if (v.length() < 2 || Text.blank(v)) {
                continue;
            }
            List<String[]> forms = PathDecoding.forms(v);
            for (int f = 0; f < forms.size(); f++) {
                String form = forms.get(f)[0];
                String how = forms.get(f)[1];
                if (form.length() < 2) {
                    continue;
                }
                int s = path.indexOf(form);
                for (int found = 0; s >= 0 && found < Text.MAX_OCCURRENCES; found++, s = path.indexOf(form, s + 1)) {
                    Verdict verdict = occurrence(path, s, s + form.length(), form, in, how);
                    if (verdict != null) {
                        return verdict;
                    }
                }
                Verdict normalised = normalisedAway(path, form, in, how);
                if (normalised != null) {
                    return normalised;
                }
            }
        }
        return Verdict.none();
    }

    private static Verdict occurrence(String path, int s, int e, String form, Input in, String how) {
        String decoded = how == null ? "" : " (" + how + ")";
        if (form.indexOf('\0') >= 0) {
            return Verdict.attack(RULE, in, Text.who(in) + decoded + " puts a NUL character into the file path " + Text.show(path)
                    + ", which cuts the name where the code expected an extension", "technique", "nul", "path", path);
        }
        String base = path.substring(0, s);
        if (absolute(form) && onlyScheme(base)) {
            String resolved = Paths.normalise(path.substring(base.length()));
            return Verdict.attack(RULE, in, Text.who(in) + decoded + " is the absolute path " + Text.show(form)
                    + " and replaces the directory the code meant", "technique", "absolute-path", "path", path, "resolved", resolved);
        }
        int dirEnd = Math.max(base.lastIndexOf('/'), base.lastIndexOf('\\')) + 1;
        String dir = Paths.normalise(path.substring(0, dirEnd));
        String resolved = Paths.normalise(path);
        if (Paths.hasDotDot(form) && !Paths.within(resolved, dir)) {
            return Verdict.attack(RULE, in, Text.who(in) + decoded + " climbs out of " + (dir.isEmpty() ? "the working directory" : Text.show(dir)) + " with '..' to " + Text.show(resolved),
                    "technique", "traversal", "path", path, "base", dir, "resolved", resolved);
        }
        boolean dots = Paths.hasDotDot(form);
        String location = Paths.sensitiveLocation(resolved);
        String name = dots ? Paths.sensitiveName(resolved) : null;
        if (location != null || name != null) {
            int nameStart = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1;
            if (dots || s <= nameStart && e >= path.length() && e - Math.max(s, nameStart) >= 2) {
                return Verdict.attack(RULE, in, Text.who(in) + decoded + " makes the code open " + Text.show(resolved) + ", "
                        + (location != null ? location : name), "technique", "sensitive-file", "path", path, "resolved", resolved);
            }
        }
        return null;
    }

    /**
     * The code normalised the path before the sink, so the '..' are gone: what is left of the
     * input after its leading '../' ends the path, and the path is a sensitive file.
     */
    private static Verdict normalisedAway(String path, String form, Input in, String how) {
        if (!Paths.hasDotDot(form)) {
            return null;
        }
        String tail = Paths.afterLeadingDots(form);
        if (tail.length() < 2 || !Paths.normalise(path).endsWith(Paths.normalise("/" + tail))) {
            return null;
        }
        String sensitive = Paths.sensitive(Paths.normalise(path));
        if (sensitive == null) {
            return null;
        }
        return Verdict.attack(RULE, in, Text.who(in) + (how == null ? "" : " (" + how + ")") + " traverses to " + Text.show(path) + ", " + sensitive
                + " (the code normalised the '..' away)", "technique", "sensitive-file", "path", path);
    }

    private static boolean absolute(String form) {
        if (form.startsWith("/") || form.startsWith("\\") || form.startsWith("~/")) {
            return true;
        }
        if (form.length() >= 3 && Character.isLetter(form.charAt(0)) && form.charAt(1) == ':' && (form.charAt(2) == '\\' || form.charAt(2) == '/')) {
            return true;
        }
        return form.regionMatches(true, 0, "file:", 0, 5);
    }

    /** Nothing of the code's own before the input, or only a file: scheme. */
    private static boolean onlyScheme(String base) {
        return base.isEmpty() || base.equalsIgnoreCase("file:") || base.equalsIgnoreCase("file://");
    }

    /** Path normalisation and the sensitive-file catalogue. */
    static final class Paths {
        private Paths() {
        }

        /** Separators unified to '/', '.' and empty segments dropped, '..' applied; a leading '/' or drive kept. */
        static String normalise(String p) {
            String s = p.replace('\\', '/');
            String prefix = "";
            if (s.regionMatches(true, 0, "file:", 0, 5)) {
                s = s.substring(5);
                while (s.startsWith("//")) {
                    s = s.substring(1);
                }
            }
            if (s.length() >= 2 && Character.isLetter(s.charAt(0)) && s.charAt(1) == ':') {
                prefix = s.substring(0, 2).toLowerCase(Locale.ROOT);
                s = s.substring(2);
            }
            boolean abs = s.startsWith("/");
            List<String> segs = new ArrayList<>();
            int i = 0;
            while (i <= s.length()) {
                int slash = s.indexOf('/', i);
                if (slash < 0) {
                    slash = s.length();
                }
                String seg = s.substring(i, slash);
                if (seg.equals("..")) {
                    if (!segs.isEmpty() && !segs.get(segs.size() - 1).equals("..")) {
                        segs.remove(segs.size() - 1);
                    } else if (!abs) {
                        segs.add("..");
                    }
                } else if (!seg.isEmpty() && !seg.equals(".")) {
                    segs.add(seg);
                }
                i = slash + 1;
            }
            StringBuilder sb = new StringBuilder(prefix);
            if (abs) {
                sb.append('/');
            }
            for (int k = 0; k < segs.size(); k++) {
                if (k > 0) {
                    sb.append('/');
                }
                sb.append(segs.get(k));
            }
            return sb.toString();
        }

        /** {@code resolved} is {@code dir} or below it; both normalised. */
        static boolean within(String resolved, String dir) {
            if (dir.isEmpty()) {
                return !resolved.startsWith("..") && !resolved.startsWith("/");
            }
            if (dir.equals("/")) {
                return resolved.startsWith("/");
            }
            return resolved.equals(dir) || resolved.startsWith(dir + "/");
        }

        static boolean hasDotDot(String p) {
            int i = p.indexOf("..");
            while (i >= 0) {
                boolean before = i == 0 || p.charAt(i - 1) == '/' || p.charAt(i - 1) == '\\';
                boolean after = i + 2 == p.length() || p.charAt(i + 2) == '/' || p.charAt(i + 2) == '\\';
                if (before && after) {
                    return true;
                }
                i = p.indexOf("..", i + 1);
            }
            return false;
        }

        static String afterLeadingDots(String p) {
            int i = 0;
            while (i < p.length()) {
                if (p.startsWith("../", i) || p.startsWith("..\\", i)) {
                    i += 3;
                } else if (p.startsWith("./", i) || p.startsWith(".\\", i)) {
                    i += 2;
                } else if (p.charAt(i) == '/' || p.charAt(i) == '\\') {
                    i++;
                } else {
                    break;
                }
            }
            return p.substring(i);
        }

        /** Why a normalised path is sensitive, or null. */
        static String sensitive(String resolved) {
            String location = sensitiveLocation(resolved);
            return location != null ? location : sensitiveName(resolved);
        }

        /**
         * Sensitive by where it is: system account files, /proc of a process, SSH and cloud
         * credential directories, WEB-INF / META-INF, Windows system files. Naming one of these is
         * enough. Windows names compare without case.
         */
        static String sensitiveLocation(String resolved) {
            String p = resolved.toLowerCase(Locale.ROOT);
            String name = p.substring(p.lastIndexOf('/') + 1);
            switch (p) {
                case "/etc/passwd":
                case "/etc/shadow":
                case "/etc/gshadow":
                case "/etc/group":
                case "/etc/sudoers":
                case "/etc/master.passwd":
                case "/etc/security/opasswd":
                case "/etc/krb5.keytab":
                    return "the system's account or credential file";
                default:
                    break;
            }
            if (p.startsWith("/proc/self/") || p.startsWith("/proc/thread-self/") || p.startsWith("/proc/") && p.length() > 6 && Character.isDigit(p.charAt(6))) {
                return "a process's memory, environment or file descriptors";
            }
            if (p.contains("/.ssh/") || p.startsWith(".ssh/")) {
                return "an SSH key or its configuration";
            }
            if (p.endsWith("/.aws/credentials") || p.endsWith("/.docker/config.json") || p.endsWith("/.kube/config") || p.endsWith("/.git/config")) {
                return "a credentials file";
            }
            if (p.contains("web-inf/") || p.endsWith("/web-inf") || p.contains("meta-inf/context.xml") || name.equals("web.config")) {
                return "a web application's protected configuration (WEB-INF, META-INF, web.config)";
            }
            if (name.equals("win.ini") || name.equals("system.ini") || name.equals("boot.ini") || p.contains("windows/system32/config/")
                    || p.contains("windows/repair/")) {
                return "a Windows system file";
            }
            return null;
        }

        /**
         * Sensitive by name wherever it is (keys, key stores, credential dot-files): a user may
         * upload a file with such a name, so these count only when the input also climbed with '..'.
         */
        static String sensitiveName(String resolved) {
            String lower = resolved.toLowerCase(Locale.ROOT);
            String name = lower.substring(lower.lastIndexOf('/') + 1);
            if (name.startsWith("id_rsa") || name.startsWith("id_dsa") || name.startsWith("id_ecdsa") || name.startsWith("id_ed25519")
                    || name.equals("authorized_keys")) {
                return "an SSH key";
            }
            if (name.endsWith(".pem") || name.endsWith(".key") || name.endsWith(".p12") || name.endsWith(".pfx") || name.endsWith(".jks")
                    || name.endsWith(".keystore") || name.endsWith(".ppk") || name.endsWith(".kdbx")) {
                return "a private key or key store";
            }
            if (name.equals(".git-credentials") || name.equals(".netrc") || name.equals(".pgpass") || name.equals(".my.cnf") || name.equals(".htpasswd")
                    || name.equals(".env") || name.equals(".bash_history")) {
                return "a credentials file";
            }
            return null;
        }
    }
}
