package secplane.consortium.trace;

import java.time.Instant;

/**
 * Asks the holding member to freeze an account the traced money reached.
 *
 * @param arrived when the traced transfer reached the account
 * @param amountIn the traced amount that reached it, minor units
 */
public record FreezeRequest(String caseId, String account, Instant arrived, long amountIn, Instant windowFrom, Instant windowTo, int depth) {
}
