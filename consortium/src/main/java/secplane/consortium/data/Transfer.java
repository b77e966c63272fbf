package secplane.consortium.data;

import java.time.Instant;

/**
 * One transfer out of an account this member holds. Interbank transfer records carry the receiving institution, as
 * payment messages do (ISO 20022 pacs.008 CdtrAgt); {@code toMember} is null when the record lacks it, and the tracer
 * then finds the holder by an oblivious lookup.
 *
 * @param amount minor units (cents, fen), always positive
 */
public record Transfer(String id, String fromAccount, String toMember, String toAccount, long amount, Instant time) {
    public Transfer {
        if (id == null || id.isEmpty() || fromAccount == null || fromAccount.isEmpty() || toAccount == null || toAccount.isEmpty()) {
            throw new IllegalArgumentException("a transfer needs an id, a source account and a destination account");
        }
        if (amount <= 0) {
            throw new IllegalArgumentException("transfer " + id + ": the amount must be positive minor units, not " + amount);
        }
        if (time == null) {
            throw new IllegalArgumentException("transfer " + id + " has no time");
        }
        if (toMember != null && toMember.isEmpty()) {
            toMember = null;
        }
    }
}
