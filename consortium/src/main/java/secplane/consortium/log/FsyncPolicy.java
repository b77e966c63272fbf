package secplane.consortium.log;

/**
 * When appended bytes are forced to the storage device ({@code FileChannel.force}).
 * Whatever the policy, {@link MerkleLog#sync()} runs before a checkpoint is signed, so every entry a signed
 * checkpoint commits to is durable: a crash can only lose entries no checkpoint has covered yet.
 */
public enum FsyncPolicy {
    /** Force after every append: nothing acknowledged is ever lost, at the price of one device flush per entry. */
    EVERY_APPEND,
    /** Force only on {@link MerkleLog#sync()} (and so before every checkpoint): the default. */
    ON_SYNC
}
