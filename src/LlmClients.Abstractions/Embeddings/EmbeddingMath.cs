using System.Numerics;
using System.Runtime.InteropServices;

namespace LlmClients;

/// <summary>Vector math for embeddings.</summary>
public static class EmbeddingMath
{
    /// <summary>Computes the cosine similarity of two vectors: 1 for the same direction, 0 for orthogonal, -1 for opposite.</summary>
    /// <param name="x">The first vector.</param>
    /// <param name="y">The second vector, of the same length.</param>
    /// <returns>The similarity, or 0 when either vector is all zeros.</returns>
    /// <exception cref="ArgumentException">The vectors differ in length.</exception>
    public static double CosineSimilarity(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException($"Vectors must have the same length to compare them (got {x.Length} and {y.Length}); embed both texts with the same model and dimensions.", nameof(y));
        }

        double dot = 0, xx = 0, yy = 0;
        int i = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<float>.Count)
        {
            var vx = MemoryMarshal.Cast<float, Vector<float>>(x);
            var vy = MemoryMarshal.Cast<float, Vector<float>>(y);
            var vdot = Vector<float>.Zero;
            var vxx = Vector<float>.Zero;
            var vyy = Vector<float>.Zero;
            for (int v = 0; v < vx.Length; v++)
            {
                vdot += vx[v] * vy[v];
                vxx += vx[v] * vx[v];
                vyy += vy[v] * vy[v];
            }

            dot = Vector.Sum(vdot);
            xx = Vector.Sum(vxx);
            yy = Vector.Sum(vyy);
            i = vx.Length * Vector<float>.Count;
        }

        for (; i < x.Length; i++)
        {
            dot += x[i] * y[i];
            xx += x[i] * x[i];
            yy += y[i] * y[i];
        }

        return xx == 0 || yy == 0 ? 0 : dot / (Math.Sqrt(xx) * Math.Sqrt(yy));
    }

    /// <summary>Computes the cosine similarity of two embeddings.</summary>
    /// <param name="x">The first embedding.</param>
    /// <param name="y">The second embedding.</param>
    /// <returns>The similarity.</returns>
    /// <exception cref="ArgumentNullException">An embedding is null.</exception>
    /// <exception cref="ArgumentException">The vectors differ in length.</exception>
    public static double CosineSimilarity(Embedding x, Embedding y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        return CosineSimilarity(x.Vector.Span, y.Vector.Span);
    }
}
