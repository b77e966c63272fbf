package secplane.aspects.webshell;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import secplane.aspect.AbstractAspect;
import secplane.aspect.AspectConfig;
import secplane.aspect.Finding;
import secplane.aspect.JoinPoint;
import secplane.aspect.Mode;
import secplane.aspect.Rule;

/**
 * Web shells (CWE-434, MITRE ATT&amp;CK T1505.003): a running web application never writes new
 * server-side script files into its own document root; an attacker does, to get a command shell
 * (Spring4Shell's access-log JSP, upload and path-traversal bugs). A write of a script file is a
 * finding when it lands in a web application: below a {@code webapps} directory, below a directory
 * that has a {@code WEB-INF}, or below one of config {@code webRoots}.
 */
public final class WebshellAspect extends AbstractAspect {
    static final String RULE = "file.script-in-webroot";

    private static final Set<String> SCRIPT_EXTENSIONS = new HashSet<>(Arrays.asList(
            "jsp", "jspx", "jspf", "jspa", "jsw", "jsv", "jtml", "jhtml", "sh", "php", "asp", "aspx", "cfm"));

    private volatile List<String> webRoots = Collections.emptyList();

    @Override
    public Set<String> joinPoints() {
        return Collections.singleton("file.write");
    }

    @Override
    public List<Rule> rules() {
        return Collections.singletonList(new Rule(RULE, Mode.BLOCK,
                "a server-side script file (jsp, jspx, ...) is written into a web application's directories"));
    }

    @Override
    public void configure(AspectConfig config) throws Exception {
        List<String> roots = new ArrayList<>();
        for (String r : config.strings("webRoots")) {
            roots.add(new File(r).getAbsolutePath() + File.separator);
        }
        super.configure(config);
        webRoots = roots;
    }

    @Override
    public Finding inspect(JoinPoint jp) {
        String path = (String) jp.args()[0];
        String ext = extension(path);
        if (ext == null || !SCRIPT_EXTENSIONS.contains(ext)) {
            return null;
        }
        String root = webRoot(path);
        if (root == null) {
            return null;
        }
        return Finding.of(RULE, "." + ext + " file written into web application " + root + ": " + path,
                "path", path, "webRoot", root, "operation", String.valueOf(jp.args()[1]));
    }

    private static String extension(String path) {
        int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        String name = path.substring(slash + 1);
        int dot = name.lastIndexOf('.');
        if (dot < 0) {
            return null;
        }
        // "shell.jsp." and "shell.jsp::$DATA" are served as .jsp by some containers
        String ext = name.substring(dot + 1).toLowerCase(Locale.ROOT);
        if (ext.isEmpty() && dot > 0) {
            return extension(name.substring(0, dot));
        }
        int colon = ext.indexOf(':');
        return colon >= 0 ? ext.substring(0, colon) : ext;
    }

    private String webRoot(String path) {
        for (String r : webRoots) {
            if (path.startsWith(r)) {
                return r;
            }
        }
        File dir = new File(path).getParentFile();
        for (int depth = 0; dir != null && depth < 32; depth++, dir = dir.getParentFile()) {
            if (new File(dir, "WEB-INF").isDirectory()) {
                return dir.getPath();
            }
            File parent = dir.getParentFile();
            if (parent != null && parent.getName().equals("webapps")) {
                return dir.getPath();
            }
        }
        return null;
    }
}
