package secplane.testbeds.injection;

import java.nio.file.Path;
import java.util.List;
import org.w3c.dom.Document;
import secplane.testbeds.injection.file.Documents;
import secplane.testbeds.injection.ldap.Directory;
import secplane.testbeds.injection.sql.UserDatabase;
import secplane.testbeds.injection.xpath.UserDocument;

/**
 * Everything the endpoints work on, made fresh under one base directory at start: the secrets file,
 * the documents directory, the H2 database, the LDAP directory and the XPath document.
 */
final class Fixtures implements AutoCloseable {

    final Path docs;
    final UserDatabase database;
    final Directory directory;
    final Document users;
    final List<String> fetchAllow;

    private Fixtures(Path docs, UserDatabase database, Directory directory, Document users, List<String> fetchAllow) {
        this.docs = docs;
        this.database = database;
        this.directory = directory;
        this.users = users;
        this.fetchAllow = fetchAllow;
    }

    static Fixtures create(Path base, List<String> fetchAllow) throws Exception {
        Secrets secrets = Secrets.generate();
        secrets.write(base);
        Path docs = Documents.create(base);
        UserDatabase database = UserDatabase.create(secrets);
        Directory directory;
        try {
            directory = Directory.start(secrets);
        } catch (Exception e) {
            database.close();
            throw e;
        }
        return new Fixtures(docs, database, directory, UserDocument.create(secrets), fetchAllow);
    }

    @Override
    public void close() {
        directory.close();
        database.close();
    }
}
