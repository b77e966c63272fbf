package secplane.testbeds.webapp;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/** Liveness probe: proves the app still serves after an attack. */
@Controller
public final class HealthController {

    @GetMapping("/health")
    @ResponseBody
    public String health() {
        return "ok";
    }
}
