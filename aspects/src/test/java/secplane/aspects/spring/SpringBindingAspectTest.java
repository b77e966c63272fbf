package secplane.aspects.spring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import secplane.aspect.AspectConfig;
import secplane.aspect.Finding;
import secplane.aspect.Mode;
import secplane.aspect.testing.TestJoinPoint;
import secplane.aspects.TestContext;

class SpringBindingAspectTest {
    private SpringBindingAspect aspect;

    @BeforeEach
    void load() throws Exception {
        aspect = new SpringBindingAspect();
        aspect.load(new TestContext(SpringBindingAspect.class));
        aspect.configure(AspectConfig.EMPTY);
    }

    private Finding bind(String propertyPath) {
        return aspect.inspect(TestJoinPoint.of("spring.bind", propertyPath).withTarget(new StringBuilder()));
    }

    @Test
    void declaresOneBlockingRuleOnSpringBind() {
        assertThat(aspect.joinPoints()).containsExactly("spring.bind");
        assertThat(aspect.rules()).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo("spring.classloader-binding");
            assertThat(r.defaultMode()).isEqualTo(Mode.BLOCK);
        });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "class.module.classLoader.resources.context.parent.pipeline.first.pattern | class",
        "class.classLoader.URLs[0]                                               | class",
        "Class['module']                                                         | Class",
        "foo.class.x                                                             | class",
        "CLASS.module                                                            | CLASS",
        "person[\"classLoader\"]                                                 | classLoader",
        "a.protectionDomain                                                      | protectionDomain",
        "user.module.layer                                                       | module",
        "bean[classloader]                                                       | classloader",
        "a . class . b                                                           | class",
    })
    void pathThroughClassModuleClassLoaderOrProtectionDomainIsReported(String path, String segment) {
        Finding f = bind(path);

        assertThat(f).as(path).isNotNull();
        assertThat(f.rule()).isEqualTo("spring.classloader-binding");
        assertThat(f.evidence()).containsEntry("propertyPath", path).containsEntry("segment", segment)
                .containsEntry("target", StringBuilder.class.getName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"classroom.name", "name", "addresses[0].street", "myclass", "classes[1]", "subclass.id",
        "modules", "loader", "items['class-name']", ""})
    void ordinaryPathIsNotReported(String path) {
        assertThat(bind(path)).isNull();
    }

    @Test
    void targetIsEmptyWhenTheBinderHasNone() {
        Finding f = aspect.inspect(TestJoinPoint.of("spring.bind", "class.x"));

        assertThat(f.evidence()).containsEntry("target", "");
    }

    @Test
    void dangerousSegmentReturnsTheFirstMatch() {
        assertThat(SpringBindingAspect.dangerousSegment("x.module.class")).isEqualTo("module");
        assertThat(SpringBindingAspect.dangerousSegment("x.y")).isNull();
    }
}
