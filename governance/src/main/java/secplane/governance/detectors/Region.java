package secplane.governance.detectors;

/** Whether a data type is specific to mainland China (and its HK/Macau/Taiwan documents) or international. */
public enum Region {
    CN, INTL
}
