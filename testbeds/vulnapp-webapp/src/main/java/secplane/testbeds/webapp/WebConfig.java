package secplane.testbeds.webapp;

import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/**
 * Spring MVC context of the vulnapp. DispatcherServlet's default strategies (request mapping,
 * {@code @ResponseBody} string conversion, POJO data binding) are all the app needs, so no
 * {@code @EnableWebMvc}; without bean-method proxies no CGLIB class is generated at startup.
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan(basePackageClasses = WebConfig.class)
public class WebConfig {
}
