package secplane.consortium.data;

/**
 * A fraud report this member holds about an account (its own customer's or one held elsewhere, as named in a
 * complaint), with the amount reported lost, in minor units. Joint risk signals add these up across members.
 */
public record Flag(String account, long amount) {
    public Flag {
        if (account == null || account.isEmpty()) {
            throw new IllegalArgumentException("a flag needs an account");
        }
        if (amount < 0) {
            throw new IllegalArgumentException("flag on " + account + ": the reported amount cannot be negative");
        }
    }
}
