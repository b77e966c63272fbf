package secplane.privacy.sum;

/**
 * What one party got from intersection-sum.
 *
 * @param sum the sum of the holder's values over the intersection, or -1 for the holder
 * @param size the intersection size, or -1 for the holder
 * @param ownSize distinct identifiers this party put in
 * @param peerSize the peer's set size
 */
public record SumResult(long sum, long size, long ownSize, long peerSize, long bytesSent, long bytesReceived) {
}
