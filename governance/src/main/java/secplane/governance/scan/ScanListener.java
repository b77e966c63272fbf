package secplane.governance.scan;

/** Receives results as they are found, so that a report can be written while the scan runs. */
public interface ScanListener {
    ScanListener NONE = new ScanListener() {
    };

    /** Called once the number of units (tables, files) is known. */
    default void started(int units) {
    }

    /** One unit (a table or a file) is done; its assets and skips have already been added to the report. */
    default void unitDone(String unit, int done, int total, ScanReport report) {
    }
}
