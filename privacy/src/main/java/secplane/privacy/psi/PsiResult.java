package secplane.privacy.psi;

import java.util.List;

/**
 * What one party got from a run.
 *
 * @param intersection this party's own identifiers found in the peer's set, in input order; null if
 *     this party receives no items (not an output party, or size-only)
 * @param size the intersection size, or -1 if this party does not learn it
 * @param ownSize distinct identifiers this party put in
 * @param peerSize the peer's set size (leaked by every protocol here)
 * @param bytesSent application bytes sent, framing included
 * @param bytesReceived application bytes received
 */
public record PsiResult(List<String> intersection, long size, long ownSize, long peerSize, long bytesSent, long bytesReceived) {
}
