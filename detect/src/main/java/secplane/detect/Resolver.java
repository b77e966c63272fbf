package secplane.detect;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Turns a host name into addresses for the SSRF check. The check calls it at most once per host
 * name and hands the answer back in {@link SsrfCheck#addresses()}, so that the connection goes to
 * the addresses that were checked (a second lookup is what DNS rebinding exploits).
 */
public interface Resolver {
    /** The JVM's resolver: {@link InetAddress#getAllByName(String)}. */
    Resolver SYSTEM = InetAddress::getAllByName;

    InetAddress[] resolve(String host) throws UnknownHostException;
}
