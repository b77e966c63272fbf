package secplane.consortium.net;

import java.util.List;
import secplane.privacy.transport.FramedChannel;

/** Opens authenticated channels from this member to the others, one channel per request. */
public interface MemberChannels {
    /** This member's name. */
    String self();

    /** The names of the other members, in configuration order. */
    List<String> members();

    /**
     * Connects to {@code member} over mutual TLS, checks that the certificate presented is that member's, and sends
     * the opening frame naming {@code kind}. The caller owns (and closes) the channel.
     *
     * @throws MemberUnreachableException when the member cannot be reached or refuses the request kind
     */
    FramedChannel open(String member, String kind);
}
