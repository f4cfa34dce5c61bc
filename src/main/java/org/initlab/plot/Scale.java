package org.initlab.plot;

/** How a value axis is scaled. */
public enum Scale {
    LINEAR, LOG,
    /** Logarithmic when every value is positive and they span more than three decades, else linear. */
    AUTO;

    /** Whether values with this scale should be drawn on a log axis. */
    boolean isLog(double min, double max) {
        return switch (this) {
            case LINEAR -> false;
            case LOG -> true;
            case AUTO -> min > 0 && max / min > 1e3;
        };
    }
}
