"""SciPy's figures for the MGH table in the README: scipy.optimize.minimize with its default options on the same
Moré–Garbow–Hillstrom problems, starting points and residuals as test/solve/mgh.ts (ACM TOMS 7(1), 1981).

Gradients are exact to rounding by the complex step, ∂f/∂xⱼ = Im f(x + i·h·eⱼ)/h with h = 1e-30 (so nfev counts
calls of f, as gradfold's `evaluations` counts calls of valueAndGrad); Newton-CG's Hessian-vector products are
central differences of that gradient. Run: python3 test/solve/scipy_mgh.py (numpy and scipy installed).
"""
import numpy as np
import scipy
from scipy.optimize import minimize

R = lambda k: np.arange(1, k + 1, dtype=float)


def theta(x1, x2):
    return np.arctan(x2 / x1) / (2 * np.pi) + (0.5 if np.real(x1) < 0 else 0.0)


bardY = np.array([0.14, 0.18, 0.22, 0.25, 0.29, 0.32, 0.35, 0.39, 0.37, 0.58, 0.73, 0.96, 1.34, 2.1, 4.39])
gaussY = np.array([0.0009, 0.0044, 0.0175, 0.054, 0.1295, 0.242, 0.3521, 0.3989, 0.3521, 0.242, 0.1295, 0.054, 0.0175, 0.0044, 0.0009])
meyerY = np.array([34780, 28610, 23650, 19630, 16370, 13720, 11540, 9744, 8261, 7030, 6005, 5147, 4427, 3820, 3307, 2872.0])
kY = np.array([0.1957, 0.1947, 0.1735, 0.16, 0.0844, 0.0627, 0.0456, 0.0342, 0.0323, 0.0235, 0.0246])
kU = np.array([4, 2, 1, 0.5, 0.25, 0.167, 0.125, 0.1, 0.0833, 0.0714, 0.0625])


def watson(n):
    def r(x):
        t = R(29) / 29
        s1 = sum((j - 1) * x[j - 1] * t ** (j - 2) for j in range(2, n + 1))
        s2 = sum(x[j - 1] * t ** (j - 1) for j in range(1, n + 1))
        return np.concatenate([s1 - s2 ** 2 - 1, [x[0], x[1] - x[0] ** 2 - 1]])
    return (f"Watson (n = {n})", n, np.zeros(n), r)


def ext_rosen(n):
    def r(x):
        out = []
        for i in range(n // 2):
            out += [10 * (x[2 * i + 1] - x[2 * i] ** 2), 1 - x[2 * i]]
        return np.array(out)
    return (f"Extended Rosenbrock (n = {n})", n, np.array([-1.2, 1.0] * (n // 2)), r)


def trig(n):
    def r(x):
        i = R(n)
        return n - np.sum(np.cos(x)) + i * (1 - np.cos(x)) - np.sin(x)
    return (f"Trigonometric (n = {n})", n, np.full(n, 1 / n), r)


def biggs(x):
    t = 0.1 * R(13)
    y = np.exp(-t) - 5 * np.exp(-10 * t) + 3 * np.exp(-4 * t)
    return x[2] * np.exp(-t * x[0]) - x[3] * np.exp(-t * x[1]) + x[5] * np.exp(-t * x[4]) - y


problems = [
    ("Rosenbrock", 2, [-1.2, 1], lambda x: np.array([10 * (x[1] - x[0] ** 2), 1 - x[0]])),
    ("Freudenstein–Roth", 2, [0.5, -2], lambda x: np.array([-13 + x[0] + ((5 - x[1]) * x[1] - 2) * x[1], -29 + x[0] + ((x[1] + 1) * x[1] - 14) * x[1]])),
    ("Powell badly scaled", 2, [0, 1], lambda x: np.array([1e4 * x[0] * x[1] - 1, np.exp(-x[0]) + np.exp(-x[1]) - 1.0001])),
    ("Brown badly scaled", 2, [1, 1], lambda x: np.array([x[0] - 1e6, x[1] - 2e-6, x[0] * x[1] - 2])),
    ("Beale", 2, [1, 1], lambda x: np.array([y - x[0] * (1 - x[1] ** i) for i, y in [(1, 1.5), (2, 2.25), (3, 2.625)]])),
    ("Jennrich–Sampson", 2, [0.3, 0.4], lambda x: 2 + 2 * R(10) - (np.exp(R(10) * x[0]) + np.exp(R(10) * x[1]))),
    ("Helical valley", 3, [-1, 0, 0], lambda x: np.array([10 * (x[2] - 10 * theta(x[0], x[1])), 10 * (np.sqrt(x[0] ** 2 + x[1] ** 2) - 1), x[2]])),
    ("Bard", 3, [1, 1, 1], lambda x: bardY - (x[0] + R(15) / ((16 - R(15)) * x[1] + np.minimum(R(15), 16 - R(15)) * x[2]))),
    ("Gaussian", 3, [0.4, 1, 0], lambda x: x[0] * np.exp(-x[1] * ((8 - R(15)) / 2 - x[2]) ** 2 / 2) - gaussY),
    ("Meyer", 3, [0.02, 4000, 250], lambda x: x[0] * np.exp(x[1] / (45 + 5 * R(16) + x[2])) - meyerY),
    ("Box 3-D", 3, [0, 10, 20], lambda x: np.exp(-0.1 * R(10) * x[0]) - np.exp(-0.1 * R(10) * x[1]) - x[2] * (np.exp(-0.1 * R(10)) - np.exp(-R(10)))),
    ("Powell singular", 4, [3, -1, 0, 1], lambda x: np.array([x[0] + 10 * x[1], np.sqrt(5) * (x[2] - x[3]), (x[1] - 2 * x[2]) ** 2, np.sqrt(10) * (x[0] - x[3]) ** 2])),
    ("Wood", 4, [-3, -1, -3, -1], lambda x: np.array([10 * (x[1] - x[0] ** 2), 1 - x[0], np.sqrt(90) * (x[3] - x[2] ** 2), 1 - x[2], np.sqrt(10) * (x[1] + x[3] - 2), (x[1] - x[3]) / np.sqrt(10)])),
    ("Kowalik–Osborne", 4, [0.25, 0.39, 0.415, 0.39], lambda x: kY - x[0] * (kU ** 2 + kU * x[1]) / (kU ** 2 + kU * x[2] + x[3])),
    ("Brown–Dennis", 4, [25, 5, -5, -1], lambda x: (x[0] + R(20) / 5 * x[1] - np.exp(R(20) / 5)) ** 2 + (x[2] + x[3] * np.sin(R(20) / 5) - np.cos(R(20) / 5)) ** 2),
    ("Biggs EXP6", 6, [1, 2, 1, 1, 1, 1], biggs),
    watson(6),
    watson(9),
    ext_rosen(10),
    trig(10),
]

np.seterr(all="ignore")  # Jennrich–Sampson and Meyer overflow at some trial points
print(f"SciPy {scipy.__version__}, NumPy {np.__version__}")
print("| problem | n | method | iterations | evaluations | final f | success |")
print("|---|---|---|---|---|---|---|")
for name, n, x0, res in problems:
    fun = lambda x, res=res: float(np.real(np.sum(res(x) ** 2)))
    fc = lambda x, res=res: np.sum(res(x) ** 2)

    def jac(x, fc=fc, n=n):
        return np.array([np.imag(fc(x + 1e-30j * np.eye(n)[j])) / 1e-30 for j in range(n)])

    def hessp(x, p, jac=jac):
        e = 1e-6 * max(1.0, np.linalg.norm(x)) / max(np.linalg.norm(p), 1e-300)
        return (jac(x + e * p) - jac(x - e * p)) / (2 * e)

    for method in ["L-BFGS-B", "BFGS", "Newton-CG"]:
        kw = {"hessp": hessp} if method == "Newton-CG" else {}
        r = minimize(fun, np.array(x0, dtype=float), jac=jac, method=method, **kw)
        print(f"| {name} | {n} | {method} | {r.nit} | {r.nfev} | {r.fun:.6g} | {r.success} |")
