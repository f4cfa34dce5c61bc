package org.initlab.nn;

import org.initlab.init.Initializer;
import smile.tensor.DenseMatrix;

import java.util.ArrayList;
import java.util.List;

/**
 * The data-dependent half of LSUV (Mishkin &amp; Matas 2015, Algorithm 1): after the orthonormal
 * start, go through the layers in order; on a data batch, measure the variance v of the layer's
 * output z = x W^T + b and divide W by sqrt(v), until |v - 1| &lt; tolerance or the iteration bound.
 */
public final class LsuvCalibration {
    private LsuvCalibration() {}

    /** One layer's calibration: the variance before and after, and how many rescalings it took. */
    public record Layer(int layer, int iterations, double initialVariance, double finalVariance, boolean converged) {}

    /**
     * Calibrates {@code net} in place on {@code batch} (rows x inputs). An interrupted thread (a notebook's stop
     * button) ends it after the current rescaling, with the layers done so far.
     */
    public static List<Layer> calibrate(Network net, double[][] batch, Initializer.Lsuv params) {
        org.initlab.data.Dataset.requireRows(batch, net.inputs(), "LSUV's calibration batch: ");
        if (batch.length < 2) throw new IllegalArgumentException("LSUV needs a batch of at least 2 rows, got " + batch.length);
        DenseMatrix x = Matrices.rows(batch, 0, batch.length, net.spec().type());
        List<Layer> out = new ArrayList<>();
        for (int l = 0; l < net.depth() && !Thread.currentThread().isInterrupted(); l++) {
            Dense d = net.layer(l);
            double v = outputVariance(net, x, l), first = v;
            int it = 0;
            while (Math.abs(v - 1) >= params.tolerance() && it < params.maxIterations() && !Thread.currentThread().isInterrupted()) {
                if (!(v > 0) || !Double.isFinite(v)) break; // a dead or exploded layer cannot be rescaled to 1
                double s = 1 / Math.sqrt(v);
                Matrices.scale(d.weights(), s);
                v = outputVariance(net, x, l);
                it++;
            }
            out.add(new Layer(l, it, first, v, Math.abs(v - 1) < params.tolerance()));
        }
        return List.copyOf(out);
    }

    /**
     * Throws if a layer of a calibration {@code report} did not reach variance 1: a fit must not train a net LSUV could
     * not set up and report it as completed. Says why: a layer whose output has no variance on the batch (constant
     * inputs, or dead units) or overflows cannot be rescaled at all; otherwise the iteration bound was too small.
     */
    static void requireConverged(List<Layer> report, Initializer.Lsuv params) {
        for (Layer l : report) {
            if (l.converged()) continue;
            String why = l.finalVariance() == 0 ? "its output has variance 0 on the calibration batch (constant inputs, or every unit dead), so no rescaling can make it 1"
                    : !Double.isFinite(l.finalVariance()) ? "its output variance is " + l.finalVariance() + " on the calibration batch (the inputs or weights overflow)"
                    : "its output variance is " + l.finalVariance() + " after " + l.iterations() + " rescalings, not within " + params.tolerance()
                      + " of 1 (allow more with Init.lsuv(tolerance, maxIterations))";
            throw new IllegalStateException("LSUV could not calibrate layer " + l.layer() + ": " + why);
        }
    }

    private static double outputVariance(Network net, DenseMatrix x, int layer) {
        net.forward(x, false);
        double std = org.initlab.probe.Measure.summary(net.layer(layer).preActivations(), 1, 1).std();
        return std * std;
    }
}
