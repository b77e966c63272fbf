package secplane.governance.scan;

/** Something the scan did not read, or read only in part, and why. */
public record Skipped(String what, String reason) {
}
