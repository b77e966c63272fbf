package secplane.testbeds.webapp;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.ResponseBody;

/** Binds a POJO from request parameters, the vulnerable shape of CVE-2022-22965. */
@Controller
public final class GreetingController {

    @RequestMapping(path = "/greeting", method = {RequestMethod.GET, RequestMethod.POST})
    @ResponseBody
    public String greet(Greeting greeting) {
        return "hello " + greeting.getName() + ": " + greeting.getMessage();
    }
}
