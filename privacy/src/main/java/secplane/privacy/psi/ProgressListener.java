package secplane.privacy.psi;

/** Told how far a run is: units of work (elements hashed, masked or compared) done of the total. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (phase, done, total) -> { };

    void progress(String phase, long done, long total);
}
