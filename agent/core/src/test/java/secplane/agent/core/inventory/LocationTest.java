package secplane.agent.core.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LocationTest {

    @Test
    void aPlainJarOrDirectoryIsTheFileItself() {
        assertThat(Location.ofUrl("file:/srv/lib/x.jar").key()).isEqualTo("/srv/lib/x.jar");
        assertThat(Location.ofUrl("file:/srv/classes/").key()).isEqualTo("/srv/classes");
        assertThat(Location.ofUrl("file:///srv/lib/x.jar").key()).isEqualTo("/srv/lib/x.jar");
        assertThat(Location.ofUrl("file:/srv/my%20app/x.jar").key()).isEqualTo("/srv/my app/x.jar");
        assertThat(Location.ofUrl("file:/srv/my app/x.jar").key()).as("unencoded, as some loaders build it").isEqualTo("/srv/my app/x.jar");
        assertThat(Location.ofUrl("file:/srv/lib/../lib/x.jar").key()).isEqualTo("/srv/lib/x.jar");
    }

    @Test
    void springBoot2NestedJarsAndClasses() {
        Location l = Location.ofUrl("jar:file:/srv/app.jar!/BOOT-INF/lib/log4j-core-2.14.1.jar!/");
        assertThat(l.file).isEqualTo("/srv/app.jar");
        assertThat(l.entry).isEqualTo("BOOT-INF/lib/log4j-core-2.14.1.jar");
        assertThat(l.key()).isEqualTo("/srv/app.jar!/BOOT-INF/lib/log4j-core-2.14.1.jar");
        assertThat(Location.ofUrl("jar:file:/srv/app.jar!/BOOT-INF/classes!/").key()).isEqualTo("/srv/app.jar!/BOOT-INF/classes");
        assertThat(Location.ofUrl("jar:file:/srv/app.war!/WEB-INF/lib/a.jar!/").key()).isEqualTo("/srv/app.war!/WEB-INF/lib/a.jar");
        assertThat(Location.ofUrl("jar:file:/srv/app.jar!/").key()).isEqualTo("/srv/app.jar");
    }

    @Test
    void springBoot32NestedUrls() {
        assertThat(Location.ofUrl("nested:/srv/app.jar/!BOOT-INF/lib/log4j-core-2.14.1.jar").key())
                .isEqualTo("/srv/app.jar!/BOOT-INF/lib/log4j-core-2.14.1.jar");
        assertThat(Location.ofUrl("jar:nested:/srv/app.jar/!BOOT-INF/lib/log4j-core-2.14.1.jar!/").key())
                .isEqualTo("/srv/app.jar!/BOOT-INF/lib/log4j-core-2.14.1.jar");
        assertThat(Location.ofUrl("nested:/srv/app.jar/!BOOT-INF/classes/").key()).isEqualTo("/srv/app.jar!/BOOT-INF/classes");
        assertThat(Location.ofUrl("nested:/srv/my%20app.jar/!BOOT-INF/lib/x.jar").key()).isEqualTo("/srv/my app.jar!/BOOT-INF/lib/x.jar");
    }

    @Test
    void otherServersArchiveSchemes() {
        assertThat(Location.ofUrl("wsjar:file:/opt/was/app.ear!/lib/x.jar").key()).isEqualTo("/opt/was/app.ear!/lib/x.jar");
        assertThat(Location.ofUrl("zip:/opt/wls/app.war!/WEB-INF/lib/x.jar").key()).isEqualTo("/opt/wls/app.war!/WEB-INF/lib/x.jar");
    }

    @Test
    void notALocalFileIsNoLocation() {
        assertThat(Location.ofUrl("jrt:/java.base")).isNull();
        assertThat(Location.ofUrl("http://repo.example/x.jar")).isNull();
        assertThat(Location.ofUrl(null)).isNull();
    }
}
