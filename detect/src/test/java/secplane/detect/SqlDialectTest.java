package secplane.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The SQL lexer per dialect, and detection that depends on it. */
@ExtendWith(NoDetectorFailures.class)
class SqlDialectTest {

    /** Token texts of a statement, white space dropped. */
    private static List<String> tokens(String sql, Dialect d) {
        Tokens t = SqlLexer.lex(sql, d);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < t.count(); i++) {
            out.add(t.text(i));
        }
        return out;
    }

    private static Verdict sql(String statement, Dialect d, String input) {
        return Detectors.sql(statement, d, List.of(new Input("query", "q", input)));
    }

    @Test
    void mysqlStringsTakeBackslashEscapesAndBothQuotes() {
        assertThat(tokens("SELECT 'it\\'s', \"a\\\"b\", 'x''y'", Dialect.MYSQL))
                .containsExactly("SELECT", "'it\\'s'", ",", "\"a\\\"b\"", ",", "'x''y'");
    }

    @Test
    void mysqlDoubleDashNeedsWhiteSpaceToStartAComment() {
        assertThat(tokens("SELECT 1--1", Dialect.MYSQL)).containsExactly("SELECT", "1", "-", "-", "1");
        assertThat(tokens("SELECT 1-- 1", Dialect.MYSQL)).containsExactly("SELECT", "1", "-- 1");
        assertThat(tokens("SELECT 1 # note\n, 2", Dialect.MYSQL)).containsExactly("SELECT", "1", "# note", ",", "2");
    }

    @Test
    void mysqlExecutableCommentContentIsLexedAsCode() {
        assertThat(tokens("SELECT 1 /*!50000UNION*/ SELECT 2", Dialect.MYSQL))
                .containsExactly("SELECT", "1", "/*!50000", "UNION", "*/", "SELECT", "2");
        assertThat(tokens("SELECT 1 /*+ hint */", Dialect.MYSQL)).containsExactly("SELECT", "1", "/*+ hint */");
    }

    @Test
    void mysqlBacktickIdentifiersAndCharsetIntroducers() {
        assertThat(tokens("SELECT `a``b` FROM t WHERE n = _utf8mb4'x\\'y'", Dialect.MYSQL))
                .containsExactly("SELECT", "`a``b`", "FROM", "t", "WHERE", "n", "=", "_utf8mb4'x\\'y'");
    }

    @Test
    void postgresStandardStringsIgnoreBackslashButEscapeStringsHonourIt() {
        assertThat(tokens("SELECT 'a\\', E'b\\'c'", Dialect.POSTGRESQL)).containsExactly("SELECT", "'a\\'", ",", "E'b\\'c'");
    }

    @Test
    void postgresDollarQuotingNestedCommentsCastsAndParameters() {
        assertThat(tokens("SELECT $fn$ it's -- not a comment $fn$, $$x$$", Dialect.POSTGRESQL))
                .containsExactly("SELECT", "$fn$ it's -- not a comment $fn$", ",", "$$x$$");
        assertThat(tokens("SELECT /* a /* b */ c */ x::int FROM t WHERE id = $1", Dialect.POSTGRESQL))
                .containsExactly("SELECT", "/* a /* b */ c */", "x", "::", "int", "FROM", "t", "WHERE", "id", "=", "$1");
        assertThat(tokens("SELECT U&'d\\0061t'", Dialect.POSTGRESQL)).containsExactly("SELECT", "U&'d\\0061t'");
    }

    @Test
    void oracleAlternativeQuotingAndBinds() {
        assertThat(tokens("SELECT q'[it's]', Q'{a}b}', q'!x'y!', nq'<z>' FROM dual WHERE id = :id", Dialect.ORACLE))
                .containsExactly("SELECT", "q'[it's]'", ",", "Q'{a}b}'", ",", "q'!x'y!'", ",", "nq'<z>'", "FROM", "dual", "WHERE", "id", "=", ":id");
    }

    @Test
    void sqlServerBracketIdentifiersNationalStringsAndVariables() {
        assertThat(tokens("SELECT [a]]b], N'x''y', @v, @@version FROM #tmp", Dialect.SQLSERVER))
                .containsExactly("SELECT", "[a]]b]", ",", "N'x''y'", ",", "@v", ",", "@@version", "FROM", "#tmp");
    }

    @Test
    void h2LineCommentsAndDollarStrings() {
        assertThat(tokens("SELECT 1 // rest\n, $$a'b$$", Dialect.H2)).containsExactly("SELECT", "1", "// rest", ",", "$$a'b$$");
        assertThat(tokens("SELECT 1 // rest", Dialect.GENERIC)).containsExactly("SELECT", "1", "/", "/", "rest");
    }

    @Test
    void sqliteIdentifiersAndParameters() {
        assertThat(tokens("SELECT [a b], `c`, \"d\" FROM t WHERE x = ?1 AND y = $name AND z = :z", Dialect.SQLITE))
                .containsExactly("SELECT", "[a b]", ",", "`c`", ",", "\"d\"", "FROM", "t", "WHERE", "x", "=", "?1", "AND", "y", "=", "$name",
                        "AND", "z", "=", ":z");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "MYSQL      | SELECT * FROM t WHERE a = '\\'' OR 1=1 #'         | \\' OR 1=1 #",
        "MYSQL      | SELECT * FROM t WHERE a = \"x\" OR \"\"=\"\"        | x\" OR \"\"=\"",
        "MYSQL      | SELECT * FROM t WHERE id = 1 /*!UNION*/ SELECT 2   | 1 /*!UNION*/ SELECT 2",
        "POSTGRESQL | SELECT * FROM t WHERE a = E'x' OR 1=1 --'          | x' OR 1=1 --",
        "POSTGRESQL | SELECT * FROM t WHERE a = $$x$$ OR 1=1 --$$        | x$$ OR 1=1 --",
        "ORACLE     | SELECT * FROM t WHERE a = q'[x]' OR 1=1 --]'       | x]' OR 1=1 --",
        "SQLSERVER  | SELECT [x] FROM t; DROP TABLE t --] FROM t         | x] FROM t; DROP TABLE t --",
        "SQLSERVER  | SELECT * FROM t WHERE a = N'x' OR 1=1 --'          | x' OR 1=1 --",
        "H2         | SELECT * FROM t WHERE id = 1 OR 1=1 // AND x = 2   | 1 OR 1=1 //",
        "SQLITE     | SELECT * FROM t WHERE a = 'x' UNION SELECT sql FROM sqlite_master --' | x' UNION SELECT sql FROM sqlite_master --",
        "GENERIC    | SELECT * FROM t WHERE a = 'x' OR 'a'='a'           | x' OR 'a'='a",
    })
    void breakoutFromEachDialectsLiteralIsAnAttack(Dialect d, String statement, String input) {
        Verdict v = sql(statement, d, input);
        assertThat(v.attack()).as(v.toString()).isTrue();
        assertThat(v.rule()).isEqualTo("sql.injection");
        assertThat(v.evidence()).containsEntry("dialect", d.name());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "MYSQL      | SELECT * FROM t WHERE a = 'O\\'Brien -- OR 1=1'     | O'Brien -- OR 1=1",
        "MYSQL      | SELECT * FROM t WHERE a = \"it's /* fine */\"        | it's /* fine */",
        "POSTGRESQL | SELECT * FROM t WHERE a = 'C:\\temp\\x'             | C:\\temp\\x",
        "POSTGRESQL | SELECT * FROM t WHERE a = $q$it's; DROP TABLE t$q$ | it's; DROP TABLE t",
        "ORACLE     | SELECT * FROM t WHERE a = q'[it's ' OR '1'='1]'    | it's ' OR '1'='1",
        "SQLSERVER  | SELECT * FROM t WHERE a = N'x'' OR 1=1 --'         | x' OR 1=1 --",
        "H2         | SELECT * FROM t WHERE a = 'http://example.com'     | http://example.com",
        "SQLITE     | SELECT [my col] FROM t                             | my col",
        "GENERIC    | SELECT * FROM t WHERE a = 'union select'           | union select",
    })
    void inputInsideOneLiteralOfEachDialectIsData(Dialect d, String statement, String input) {
        assertThat(sql(statement, d, input).attack()).as(sql(statement, d, input).toString()).isFalse();
    }

    @Test
    void sameTextIsAnAttackInOneDialectAndDataInAnother() {
        // In MySQL the backslash escapes the quote and the literal goes on; in PostgreSQL it closes.
        String statement = "SELECT * FROM t WHERE a = 'x\\' OR 1=1 --'";
        assertThat(sql(statement, Dialect.POSTGRESQL, "x\\' OR 1=1 --").attack()).isTrue();
        assertThat(sql("SELECT * FROM t WHERE a = 'x\\' OR 1=1 --' AND b = 'y'", Dialect.MYSQL, "x\\' OR 1=1 --").attack()).isFalse();
    }

    @Test
    void escapedFormsOfTheInputAreRecognisedAsData() {
        assertThat(sql("INSERT INTO n VALUES ('Chris''')", Dialect.GENERIC, "Chris'").attack()).isFalse();
        assertThat(sql("INSERT INTO n VALUES ('Chris\\'')", Dialect.MYSQL, "Chris'").attack()).isFalse();
        assertThat(sql("INSERT INTO n VALUES ('''quoted''')", Dialect.GENERIC, "'quoted'").attack()).isFalse();
    }

    @Test
    void aQuoteThatPairsWithTheStatementsOwnIsAnAttack() {
        Verdict v = sql("SELECT * FROM u WHERE name = '1'' AND pw = 'x'", Dialect.GENERIC, "1'");
        assertThat(v.attack()).isTrue();
        assertThat(v.evidence()).containsEntry("technique", "unbalanced-quotes");
        Verdict backslash = sql("SELECT * FROM u WHERE name = 'abc\\' AND pw = ' OR 1=1 -- '", Dialect.MYSQL, "abc\\");
        assertThat(backslash.attack()).isTrue();
    }

    @Test
    void techniquesAreNamed() {
        assertThat(sql("SELECT 1 FROM t WHERE id = 1; DROP TABLE t", Dialect.GENERIC, "1; DROP TABLE t").evidence())
                .containsEntry("technique", "stacked-query");
        assertThat(sql("SELECT 1 FROM t WHERE id = 1 AND SLEEP(5)", Dialect.MYSQL, "1 AND SLEEP(5)").evidence())
                .containsEntry("technique", "time-delay");
        assertThat(sql("SELECT 1 FROM t WHERE id = 1;WAITFOR DELAY '0:0:5'", Dialect.SQLSERVER, "1;WAITFOR DELAY '0:0:5'").evidence())
                .containsEntry("technique", "stacked-query");
        assertThat(sql("SELECT a FROM t WHERE id = 1 UNION ALL SELECT b FROM u", Dialect.GENERIC, "1 UNION ALL SELECT b FROM u").evidence())
                .containsEntry("technique", "union-select");
        assertThat(sql("SELECT a FROM t WHERE id = 1 UNION SELECT LOAD_FILE('/etc/passwd') INTO OUTFILE '/tmp/x'", Dialect.MYSQL,
                "LOAD_FILE('/etc/passwd') INTO OUTFILE '/tmp/x'").evidence()).containsEntry("technique", "file-access");
        assertThat(sql("SELECT a FROM t WHERE n = 'admin'-- ' AND p = 'x'", Dialect.MYSQL, "admin'-- ").evidence())
                .containsEntry("technique", "comment");
    }

    @Test
    void reasonShowsTheTokensBeforeAndAfter() {
        Verdict v = sql("SELECT * FROM users WHERE name = 'x' OR '1'='1'", Dialect.GENERIC, "x' OR '1'='1");
        assertThat(v.reason()).isEqualTo("input 'q' (query) closes a string literal and adds 'OR '1'='1': the statement's tokens change from "
                + "[WHERE, name, =, '…'] to [WHERE, name, =, 'x', OR, '1', =, '1']");
        assertThat(v.evidence()).containsEntry("tokens.expected", "[WHERE, name, =, '…']");
    }

    @Test
    void benignShapesOfMultiTokenInputs() {
        assertThat(sql("SELECT * FROM t WHERE x = -5", Dialect.GENERIC, "-5").attack()).isFalse();
        assertThat(sql("SELECT * FROM t WHERE id IN (1, 2, 3)", Dialect.GENERIC, "1, 2, 3").attack()).isFalse();
        assertThat(sql("SELECT * FROM t ORDER BY t.name DESC, id", Dialect.GENERIC, "t.name DESC, id").attack()).isFalse();
        assertThat(sql("SELECT * FROM t ORDER BY name DESC, (SELECT 1)", Dialect.GENERIC, "name DESC, (SELECT 1)").attack()).isTrue();
        assertThat(sql("SELECT * FROM t ORDER BY id FROM", Dialect.GENERIC, "id FROM").attack()).isTrue();
    }

    @Test
    void shortAndTrivialInputsAreNotMatched() {
        assertThat(sql("SELECT * FROM t WHERE a = 1 OR 1=1", Dialect.GENERIC, "1").attack()).isFalse();
        assertThat(sql("SELECT a, b FROM t", Dialect.GENERIC, ", ").attack()).isFalse();
        assertThat(sql("SELECT a FROM t WHERE b = ''=''", Dialect.GENERIC, "'='").attack()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
        "jdbc:mysql://db:3306/app, MYSQL",
        "jdbc:mariadb://db/app, MYSQL",
        "jdbc:postgresql://db/app, POSTGRESQL",
        "jdbc:oracle:thin:@db:1521:ORCL, ORACLE",
        "jdbc:sqlserver://db;databaseName=app, SQLSERVER",
        "jdbc:jtds:sqlserver://db/app, SQLSERVER",
        "jdbc:h2:mem:test, H2",
        "jdbc:sqlite:/tmp/app.db, SQLITE",
        "jdbc:p6spy:mysql://db/app, MYSQL",
        "jdbc:log4jdbc:postgresql://db/app, POSTGRESQL",
        "jdbc:tc:mysql:8://db/app, MYSQL",
        "JDBC:MySQL://db/app, MYSQL",
        "jdbc:db2://db/app, GENERIC",
        "not a url, GENERIC",
    })
    void dialectFromJdbcUrl(String url, Dialect expected) {
        assertThat(Dialect.fromJdbcUrl(url)).isEqualTo(expected);
    }

    @Test
    void dialectOfNullUrlIsGeneric() {
        assertThat(Dialect.fromJdbcUrl(null)).isEqualTo(Dialect.GENERIC);
    }

    @Test
    void orderByPositionsAndArithmeticOnColumnsAreNotJudgedButKeywordsAndCallsAre() {
        assertThat(sql("SELECT name FROM users ORDER BY 3 desc", Dialect.H2, "3 desc").attack()).isFalse();
        assertThat(sql("SELECT name FROM users WHERE id = id-7", Dialect.H2, "id-7").attack()).isFalse();
        assertThat(sql("SELECT name FROM items WHERE price < price*2", Dialect.MYSQL, "price*2").attack()).isFalse();
        assertThat(sql("SELECT name FROM users WHERE id = 1 or 1=1", Dialect.H2, "1 or 1=1").attack()).isTrue();
        assertThat(sql("SELECT name FROM users WHERE id = id-sleep(5)", Dialect.MYSQL, "id-sleep(5)").attack()).isTrue();
        assertThat(sql("SELECT name FROM users WHERE id = 1-(SELECT 1)", Dialect.H2, "1-(SELECT 1)").attack()).isTrue();
        assertThat(sql("SELECT name FROM users ORDER BY 3 desc, (SELECT 1)", Dialect.H2, "3 desc, (SELECT 1)").attack()).isTrue();
    }
}
