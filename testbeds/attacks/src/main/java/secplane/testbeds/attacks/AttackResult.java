package secplane.testbeds.attacks;

/**
 * Outcome of one attack.
 *
 * @param attack     the attack's name
 * @param exploited  whether the exploit's effect was observed independently of the HTTP exchange
 *                   (a callback connection, a file written on the server); never inferred from the status
 * @param httpStatus status of the request that carried the payload, or -1 if none completed
 * @param evidence   what was observed, in words a person can check
 */
public record AttackResult(String attack, boolean exploited, int httpStatus, String evidence) {
}
