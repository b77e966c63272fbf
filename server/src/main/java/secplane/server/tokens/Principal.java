package secplane.server.tokens;

/**
 * Who a request acts as, from its bearer token.
 *
 * @param role    for operator tokens: viewer, operator or admin; else null
 * @param service for enrolment tokens: the service they may enrol; for agent tokens: the agent's service
 * @param agentId for agent tokens: the one agent they may act as
 */
public record Principal(String tokenId, Kind kind, Role role, String service, String agentId, String name) {

    public enum Kind { OPERATOR, ENROL, AGENT }

    /** Operator roles, weakest first: each may do what the ones before it may. */
    public enum Role {
        VIEWER, OPERATOR, ADMIN;

        public String wire() {
            return name().toLowerCase();
        }
    }

    /** How the audit trail names this principal. No secret: the token id is not the token. */
    public String actor() {
        return switch (kind) {
            case OPERATOR -> "operator:" + tokenId + (name == null ? "" : " (" + name + ")");
            case ENROL -> "enrol:" + tokenId;
            case AGENT -> "agent:" + agentId;
        };
    }
}
