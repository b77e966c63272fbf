package secplane.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * OS command injection (CWE-78) and argument injection (CWE-88): an input that reaches a process
 * start and adds arguments, shell syntax or options. See docs/detectors.md.
 */
final class CommandCheck {
    static final String RULE = "command.injection";

    private static final Set<String> POSIX_SHELLS = new HashSet<>(Arrays.asList(
            "sh", "bash", "dash", "zsh", "ksh", "mksh", "ash", "csh", "tcsh", "fish", "busybox"));
    private static final Set<String> WINDOWS_CMD = new HashSet<>(Arrays.asList("cmd"));
    private static final Set<String> POWERSHELL = new HashSet<>(Arrays.asList("powershell", "pwsh"));
    /** Interpreters whose -c / -e / -r argument is program text. */
    private static final Set<String> INTERPRETERS = new HashSet<>(Arrays.asList(
            "python", "python2", "python3", "perl", "ruby", "node", "nodejs", "php", "lua", "groovy", "jshell", "osascript"));
    /**
     * Programs with options that run commands, write files or read arbitrary ones (GTFOBins lists
     * most of them); an argument that is wholly an input starting with '-' becomes an option.
     */
    private static final Set<String> OPTION_TAKING = new HashSet<>(Arrays.asList(
            "git", "tar", "zip", "unzip", "7z", "7za", "curl", "wget", "find", "xargs", "ssh", "scp", "sftp", "rsync", "sendmail",
            "mail", "mailx", "convert", "magick", "identify", "gs", "ffmpeg", "ffprobe", "psql", "mysql", "mysqldump", "pg_dump",
            "sqlite3", "grep", "egrep", "sed", "awk", "gawk", "sort", "less", "more", "man", "vi", "vim", "nano", "env", "chmod",
            "chown", "cp", "mv", "rm", "ls", "cat", "tee", "dd", "openssl", "gpg", "ping", "nslookup", "dig", "host", "nmap",
            "nc", "ncat", "netcat", "socat", "docker", "kubectl", "npm", "pip", "pip3", "java", "javac", "python", "python3",
            "perl", "ruby", "node", "php", "bash", "sh", "wkhtmltopdf", "pandoc", "libreoffice", "soffice", "exiftool",
            "pdftotext", "hg", "svn", "apt", "apt-get", "yum", "systemctl", "journalctl", "crontab", "at", "tcpdump", "strace",
            "timeout", "nice", "nohup", "split", "ln", "install", "mkdir", "touch", "head", "tail", "diff", "patch", "jar",
            "keytool", "certutil", "bitsadmin", "powershell", "pwsh", "wmic", "reg", "sc", "net", "schtasks"));

    /** Options whose value is free text (a message, a title): the next argument is their value, never an option. */
    private static final Set<String> TEXT_OPTIONS = new HashSet<>(Arrays.asList(
            "-m", "--message", "-t", "--title", "-s", "--subject", "--body", "--comment", "--description", "--author", "--tag"));

    private CommandCheck() {
    }

    static Verdict check(String command, List<String> argv, List<Input> inputs) {
        List<String> args = argv != null && !argv.isEmpty() ? withoutNulls(argv) : tokenize(command);
        if (args.isEmpty()) {
            return Verdict.none();
        }
        String program = program(args.get(0));
        int script = scriptIndex(program, args);
        String joined = command != null ? Text.cap(command) : join(args);
        int[] bounds = command != null ? null : bounds(args);
        for (int k = 0; k < inputs.size(); k++) {
            Input in = inputs.get(k);
            if (in == null) {
                continue;
            }
            String v = Text.matchable(in);
            if (v.length() < 2 || Text.blank(v)) {
                continue;
            }
            Verdict found = programFromInput(args.get(0), program, in, v);
            if (found == null && script >= 0) {
                found = inScript(program, args, script, in, v);
            }
            if (found == null) {
                found = splits(joined, bounds, args, in, v, command != null);
            }
            if (found == null && script < 0) {
                found = option(program, args, in, v);
            }
            if (found != null) {
                return found;
            }
        }
        return Verdict.none();
    }

    /** The program's base name, lower case, without a Windows executable extension. */
    static String program(String arg0) {
        String p = arg0.trim();
        int slash = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
        p = p.substring(slash + 1).toLowerCase(Locale.ROOT);
        for (String ext : new String[] {".exe", ".com", ".bat", ".cmd"}) {
            if (p.endsWith(ext)) {
                return p.substring(0, p.length() - ext.length());
            }
        }
        return p;
    }

    /** The index of the argument a shell or interpreter runs as program text, or -1. */
    private static int scriptIndex(String program, List<String> args) {
        boolean posix = POSIX_SHELLS.contains(program);
        for (int i = 1; i < args.size(); i++) {
            String a = args.get(i);
            if (posix) {
                if (a.equals("sh") || a.equals("bash") || a.equals("ash")) {
                    continue; // busybox sh -c
                }
                if (a.startsWith("-") && !a.startsWith("--") && a.indexOf('c') > 0) {
                    return i + 1 < args.size() ? i + 1 : -1;
                }
                if (!a.startsWith("-") && !a.startsWith("+")) {
                    return -1; // a script file, not -c
                }
            } else if (WINDOWS_CMD.contains(program)) {
                if (a.equalsIgnoreCase("/c") || a.equalsIgnoreCase("/k") || a.equalsIgnoreCase("/r")) {
                    return i + 1 < args.size() ? i + 1 : -1;
                }
            } else if (POWERSHELL.contains(program)) {
                String l = a.toLowerCase(Locale.ROOT);
                if (l.equals("-c") || l.equals("-command") || l.equals("/c") || l.equals("-encodedcommand") || l.equals("-enc") || l.equals("-e")) {
                    return i + 1 < args.size() ? i + 1 : -1;
                }
                if (!l.startsWith("-")) {
                    return i; // powershell runs the rest of the line as a command
                }
            } else if (INTERPRETERS.contains(program) || INTERPRETERS.contains(stripVersion(program))) {
                if (a.equals("-c") || a.equals("-e") || a.equals("-r") || a.equals("-E") || a.equals("--eval") || a.equals("-p")) {
                    return i + 1 < args.size() ? i + 1 : -1;
                }
                if (!a.startsWith("-")) {
                    return -1;
                }
            } else {
                return -1;
            }
        }
        return -1;
    }

    private static String stripVersion(String program) {
        int end = program.length();
        while (end > 0 && (Character.isDigit(program.charAt(end - 1)) || program.charAt(end - 1) == '.')) {
            end--;
        }
        return program.substring(0, end);
    }

    /** Programs that, named by an input, run what the attacker wants: shells, interpreters, downloaders, LOLBins. */
    private static final Set<String> DANGEROUS_PROGRAMS = new HashSet<>(Arrays.asList(
            "nc", "ncat", "netcat", "socat", "curl", "wget", "telnet", "calc", "certutil", "bitsadmin", "mshta", "rundll32",
            "regsvr32", "wscript", "cscript", "msiexec", "xterm"));

    /**
     * The input names the program: it covers the program's file name and brings a directory
     * separator with it, or it is the whole program name of a shell, interpreter or downloader.
     * A plain word equal to the program ("convert") is left alone: a form's action field often is.
     */
    private static Verdict programFromInput(String arg0, String program, Input in, String v) {
        String t = v.trim();
        if (program.length() < 2 || t.length() < 2) {
            return null;
        }
        int at = arg0.indexOf(t);
        int nameStart = Math.max(arg0.lastIndexOf('/'), arg0.lastIndexOf('\\')) + 1;
        boolean covers = at >= 0 && at <= nameStart && at + t.length() >= arg0.length();
        boolean withPath = t.indexOf('/') >= 0 || t.indexOf('\\') >= 0;
        boolean powerful = POSIX_SHELLS.contains(program) || WINDOWS_CMD.contains(program) || POWERSHELL.contains(program)
                || INTERPRETERS.contains(stripVersion(program)) || DANGEROUS_PROGRAMS.contains(program);
        if (covers && (withPath || powerful)) {
            return Verdict.attack(RULE, in, Text.who(in) + " names the program to run: " + Text.show(arg0),
                    "technique", "program", "argv0", arg0);
        }
        return null;
    }

    /** Input inside the text a shell or interpreter parses. */
    private static Verdict inScript(String program, List<String> args, int index, Input in, String v) {
        String script;
        if (WINDOWS_CMD.contains(program) || POWERSHELL.contains(program)) {
            script = join(args.subList(index, args.size()));
        } else {
            script = args.get(index);
        }
        String lower = args.get(index - 1).toLowerCase(Locale.ROOT);
        if (POWERSHELL.contains(program) && (lower.equals("-encodedcommand") || lower.equals("-enc") || lower.equals("-e"))) {
            script = Shell.decodePowerShell(script);
        }
        script = Text.cap(script);
        int s = script.indexOf(v);
        for (int found = 0; s >= 0 && found < Text.MAX_OCCURRENCES; found++, s = script.indexOf(v, s + 1)) {
            String effect;
            if (POSIX_SHELLS.contains(program)) {
                effect = Shell.posix(script, s, s + v.length());
            } else if (WINDOWS_CMD.contains(program)) {
                effect = Shell.cmd(script, s, s + v.length());
            } else if (POWERSHELL.contains(program)) {
                effect = Shell.powershell(script, s, s + v.length());
            } else {
                effect = Shell.code(script, s, s + v.length());
            }
            if (effect != null) {
                return Verdict.attack(RULE, in, Text.who(in) + " " + effect + " in the " + program + " command " + Text.show(Text.clip(script, 80)),
                        "technique", "shell", "program", program, "script", script, "offset", s);
            }
        }
        return null;
    }

    /**
     * Input spanning more than one argument: it adds arguments the code did not write. Added words
     * that a program can only read as more operands of the same kind ({@code web-01 web-02} for
     * ping) are let through; an added argument that a program may read as an option (CWE-88:
     * leading '-' or '+'), a file (a separator, '~' or a leading '.'), an assignment ('=', as
     * {@code dd if=}), a remote or file reference ('@', as curl's {@code @file}) or an expansion is
     * an injection.
     */
    private static Verdict splits(String joined, int[] bounds, List<String> args, Input in, String v, boolean commandLine) {
        String text = commandLine ? v : collapseSpaces(v);
        if (text.length() < 2) {
            return null;
        }
        int s = joined.indexOf(text);
        for (int found = 0; s >= 0 && found < Text.MAX_OCCURRENCES; found++, s = joined.indexOf(text, s + 1)) {
            int e = s + text.length();
            int pieces = 0;
            boolean inWord = false;
            for (int i = s; i < e; i++) {
                boolean sep = commandLine ? " \t\n\r\f".indexOf(joined.charAt(i)) >= 0 : isBoundary(bounds, i);
                if (!sep && !inWord) {
                    pieces++;
                }
                inWord = !sep;
            }
            if (pieces > 1 && !plainOperands(piecesOf(joined, s, e, bounds, commandLine, Integer.MAX_VALUE))) {
                List<String> added = piecesOf(joined, s, e, bounds, commandLine, 40);
                return Verdict.attack(RULE, in, Text.who(in) + " splits into " + pieces + " arguments " + Text.clip(added.toString(), 120)
                                + " of " + Text.show(args.get(0)),
                        "technique", "argument-split", "program", args.get(0), "arguments", added.toString());
            }
        }
        return null;
    }

    /** An argument that is wholly an input starting with '-' given to a program that takes options. */
    private static Verdict option(String program, List<String> args, Input in, String v) {
        if (!OPTION_TAKING.contains(program) && !OPTION_TAKING.contains(stripVersion(program))) {
            return null;
        }
        String t = v.trim();
        if (!t.startsWith("-") || t.length() < 2 || isNumber(t)) {
            return null;
        }
        for (int i = 1; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--")) {
                return null; // everything after it is an operand
            }
            if ((a.equals(t) || a.equals(v)) && !TEXT_OPTIONS.contains(args.get(i - 1))) {
                return Verdict.attack(RULE, in, Text.who(in) + " is passed to " + program + " as the option " + Text.show(a) + " (argument injection)",
                        "technique", "option-injection", "program", program, "argument", a, "index", i);
            }
        }
        return null;
    }

    private static boolean isNumber(String t) {
        for (int i = 1; i < t.length(); i++) {
            char c = t.charAt(i);
            if (!Character.isDigit(c) && c != '.' && c != ',') {
                return false;
            }
        }
        return true;
    }

    /** The list itself, or a copy with null elements as empty strings. */
    private static List<String> withoutNulls(List<String> argv) {
        boolean any = false;
        for (int i = 0; i < argv.size() && !any; i++) {
            any = argv.get(i) == null; // not contains(null): immutable lists throw on it
        }
        if (!any) {
            return argv;
        }
        List<String> out = new ArrayList<>(argv.size());
        for (String a : argv) {
            out.add(a == null ? "" : a);
        }
        return out;
    }

    /** How Runtime.exec(String) splits a command line: java.util.StringTokenizer on " \t\n\r\f". */
    static List<String> tokenize(String command) {
        List<String> out = new ArrayList<>();
        if (command == null) {
            return out;
        }
        int n = Math.min(command.length(), Text.SINK_CAP);
        int i = 0;
        while (i < n) {
            while (i < n && " \t\n\r\f".indexOf(command.charAt(i)) >= 0) {
                i++;
            }
            int start = i;
            while (i < n && " \t\n\r\f".indexOf(command.charAt(i)) < 0) {
                i++;
            }
            if (i > start) {
                out.add(command.substring(start, i));
            }
        }
        return out;
    }

    private static String join(List<String> args) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < args.size() && sb.length() < Text.SINK_CAP; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(args.get(i) == null ? "" : args.get(i));
        }
        return Text.cap(sb.toString());
    }

    /** Positions of the separators {@link #join} put between arguments. */
    private static int[] bounds(List<String> args) {
        int[] b = new int[Math.max(0, args.size() - 1)];
        int pos = 0;
        for (int i = 0; i + 1 < args.size(); i++) {
            pos += (args.get(i) == null ? 0 : args.get(i).length());
            b[i] = pos;
            pos++;
        }
        return b;
    }

    private static boolean isBoundary(int[] bounds, int i) {
        return Arrays.binarySearch(bounds, i) >= 0;
    }

    /** Every piece after the first is a plain word: letters, digits and {@code - _ . :} inside it, none of the marks above. */
    static boolean plainOperands(List<String> pieces) {
        for (int k = 1; k < pieces.size(); k++) {
            String p = pieces.get(k);
            if (p.isEmpty() || p.charAt(0) == '-' || p.charAt(0) == '+' || p.charAt(0) == '.') {
                return false;
            }
            for (int i = 0; i < p.length(); i++) {
                char c = p.charAt(i);
                if (!(Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.' || c == ':')) {
                    return false;
                }
            }
        }
        return true;
    }

    private static List<String> piecesOf(String joined, int s, int e, int[] bounds, boolean commandLine, int clip) {
        List<String> out = new ArrayList<>();
        int start = -1;
        for (int i = s; i <= e; i++) {
            boolean sep = i == e || (commandLine ? " \t\n\r\f".indexOf(joined.charAt(i)) >= 0 : isBoundary(bounds, i));
            if (sep && start >= 0) {
                out.add(Text.clip(joined.substring(start, i), clip));
                start = -1;
            } else if (!sep && start < 0) {
                start = i;
            }
        }
        return out;
    }

    private static String collapseSpaces(String v) {
        StringBuilder sb = new StringBuilder(v.length());
        boolean space = false;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
                space = true;
            } else {
                if (space && sb.length() > 0) {
                    sb.append(' ');
                }
                space = false;
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
