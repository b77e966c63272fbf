package secplane.governance.detectors;

/** One detected value: its data type (catalog key), where it is in the text, and how sure the detector is. */
public record Finding(String type, int start, int end, String value, double confidence) {
    public int length() {
        return end - start;
    }
}
