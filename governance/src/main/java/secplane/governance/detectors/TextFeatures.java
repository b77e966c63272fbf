package secplane.governance.detectors;

/**
 * What one pass over a text found, so that detectors can skip texts that cannot hold their type: the
 * presence of '@', ':', CJK ideographs and '-'; gathered while the engine cuts candidates.
 */
public final class TextFeatures {
    boolean at;
    boolean colon;
    boolean cjk;
    boolean dash;

    public boolean hasAt() {
        return at;
    }

    public boolean hasColon() {
        return colon;
    }

    public boolean hasCjk() {
        return cjk;
    }

    public boolean hasDash() {
        return dash;
    }
}
