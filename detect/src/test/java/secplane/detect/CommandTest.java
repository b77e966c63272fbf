package secplane.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Command injection: shell quoting, argument splitting, options. */
@ExtendWith(NoDetectorFailures.class)
class CommandTest {

    private static Verdict argv(String input, String... argv) {
        return Detectors.command(null, List.of(argv), List.of(new Input("query", "v", input)));
    }

    @Test
    void metacharactersInsideSingleQuotesAreInert() {
        assertThat(argv("a; b | c", "sh", "-c", "grep 'a; b | c' /srv/log").attack()).isFalse();
        assertThat(argv("x'; id; echo '", "sh", "-c", "grep 'x'; id; echo '' /srv/log").attack()).isTrue();
    }

    @Test
    void doubleQuotesStopOperatorsButNotSubstitution() {
        assertThat(argv("a; b", "sh", "-c", "echo \"a; b\"").attack()).isFalse();
        assertThat(argv("$(id)", "sh", "-c", "echo \"$(id)\"").attack()).isTrue();
        assertThat(argv("`id`", "bash", "-c", "echo \"`id`\"").attack()).isTrue();
        assertThat(argv("\\$(id)", "sh", "-c", "echo \"\\$(id)\"").attack()).isFalse();
    }

    @Test
    void wordSplittingInAShellAddsArgumentsThatAreJudgedByWhatTheyCanBe() {
        Verdict v = argv("my.jpg -write /tmp/x", "sh", "-c", "convert my.jpg -write /tmp/x out.png");
        assertThat(v.attack()).isTrue();
        assertThat(v.reason()).contains("splits into extra shell words");
        // another plain operand in the working directory: nothing a program reads as an option or a path
        assertThat(argv("my photo.jpg", "sh", "-c", "convert my photo.jpg out.png").attack()).isFalse();
    }

    @Test
    void runtimeExecStringIsSplitOnWhiteSpace() {
        assertThat(CommandCheck.tokenize(" ping\t-c 1\nexample.com ")).containsExactly("ping", "-c", "1", "example.com");
        Verdict v = Detectors.command("ping -c 1 example.com -f", null, List.of(new Input("query", "host", "example.com -f")));
        assertThat(v.attack()).isTrue();
        assertThat(v.evidence()).containsEntry("technique", "argument-split");
    }

    @Test
    void inputSpanningArgvElementsIsDetectedWhateverWhiteSpaceItHad() {
        assertThat(argv("a.png \t -write /tmp/x", "convert", "a.png", "-write", "/tmp/x", "out.png").attack()).isTrue();
        assertThat(argv("a.png -write", "convert", "a.png -write", "out.png").attack()).isFalse();
    }

    @Test
    void optionsOnlyForProgramsThatTakeThemAndNotAfterDoubleDash() {
        assertThat(argv("--upload-pack=touch /tmp/x", "git", "ls-remote", "--upload-pack=touch /tmp/x", "origin").attack()).isTrue();
        assertThat(argv("--upload-pack=x", "git", "ls-remote", "--", "--upload-pack=x").attack()).isFalse();
        assertThat(argv("-rf", "/opt/app/bin/report", "-rf").attack()).isFalse();
        assertThat(argv("-90", "convert", "in.png", "-rotate", "-90", "out.png").attack()).isFalse();
        assertThat(argv("-fix: typo", "git", "commit", "-m", "-fix: typo").attack()).isFalse();
    }

    @Test
    void windowsShells() {
        assertThat(argv("a & whoami", "cmd.exe", "/c", "type a & whoami").attack()).isTrue();
        assertThat(argv("a^&b", "cmd.exe", "/c", "echo a^&b").attack()).isFalse();
        assertThat(argv("a & b.txt", "cmd", "/c", "type \"a & b.txt\"").attack()).isFalse();
        assertThat(argv("x; Get-Process", "powershell", "-Command", "Test-Path x; Get-Process").attack()).isTrue();
        assertThat(argv("x; y", "pwsh", "-c", "Test-Path 'x; y'").attack()).isFalse();
    }

    @Test
    void powershellEncodedCommandIsDecodedBeforeTheCheck() {
        String script = "Get-Item x; Remove-Item C:\\data -Recurse";
        String encoded = Base64.getEncoder().encodeToString(script.getBytes(StandardCharsets.UTF_16LE));
        assertThat(argv("x; Remove-Item C:\\data -Recurse", "powershell", "-EncodedCommand", encoded).attack()).isTrue();
    }

    @Test
    void programNamedByTheInput() {
        assertThat(argv("/bin/bash", "/bin/bash").attack()).isTrue();
        assertThat(argv("../../bin/tool", "/opt/app/tools/../../bin/tool").attack()).isTrue();
        assertThat(argv("convert", "convert", "a.png", "b.png").attack()).isFalse();
    }

    @Test
    void interpreterProgramText() {
        assertThat(argv("world", "python3", "-c", "print('hello world')").attack()).isFalse();
        assertThat(argv("'); import os; os.system('id'); print('", "python3", "-c", "print(''); import os; os.system('id'); print('')").attack()).isTrue();
    }

    @Test
    void reasonNamesTheOperatorAndTheCommand() {
        Verdict v = argv("8.8.8.8; id", "/bin/sh", "-c", "ping -c 1 8.8.8.8; id");
        assertThat(v.reason()).isEqualTo("input 'v' (query) adds the shell operator ';' in the sh command 'ping -c 1 8.8.8.8; id'");
        assertThat(v.evidence()).containsEntry("program", "sh").containsEntry("technique", "shell");
    }

    @Test
    void extraPlainOperandsPassButExtraOptionsFilesAndAssignmentsAreInjections() {
        assertThat(argv("web-01 web-02", "ping", "-c", "1", "web-01", "web-02").attack()).isFalse();
        assertThat(argv("example.com example.org", "ping", "-c", "1", "example.com", "example.org").attack()).isFalse();
        assertThat(argv("8.8.8.8 -f", "ping", "-c", "1", "8.8.8.8", "-f").attack()).isTrue();
        assertThat(argv("a.txt /etc/shadow", "cat", "a.txt", "/etc/shadow").attack()).isTrue();
        assertThat(argv("x of=/tmp/y", "dd", "if=x", "of=/tmp/y").attack()).isTrue();
        assertThat(argv("host @/etc/passwd", "curl", "host", "@/etc/passwd").attack()).isTrue();
        assertThat(argv("a ../b", "ls", "a", "../b").attack()).isTrue();
        // the same through a shell's word splitting
        assertThat(argv("web-01 web-02", "sh", "-c", "ping -c 1 web-01 web-02").attack()).isFalse();
        assertThat(argv("8.8.8.8 -f", "sh", "-c", "ping -c 1 8.8.8.8 -f").attack()).isTrue();
        assertThat(argv("a *", "sh", "-c", "ls a *").attack()).isTrue();
    }
}
