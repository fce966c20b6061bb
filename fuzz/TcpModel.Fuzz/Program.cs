using System;
using System.IO;
using System.Linq;
using SharpFuzz;

namespace TcpModel.Fuzz;

/// <summary>
/// <c>tcpmodel-fuzz TARGET</c> under afl-fuzz (persistent mode, SharpFuzz's <c>Fuzzer.Run</c>);
/// <c>tcpmodel-fuzz TARGET --replay PATH...</c> runs files or folders once each, without AFL, and
/// prints the first failure (exit 1). Targets: header, packet, capture, transcript, grade.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 0 || !FuzzTargets.All.TryGetValue(args[0], out Action<byte[]>? target))
        {
            Console.Error.WriteLine("usage: tcpmodel-fuzz TARGET [--replay PATH...]; targets: " + string.Join(", ", FuzzTargets.All.Keys));
            return 2;
        }
        if (args.Length > 1 && args[1] == "--replay")
        {
            int run = 0;
            foreach (string file in args.Skip(2).SelectMany(p => Directory.Exists(p) ? Directory.GetFiles(p) : new[] { p }).Order(StringComparer.Ordinal))
            {
                try
                {
                    target(File.ReadAllBytes(file));
                    run++;
                }
                catch (Exception e)
                {
                    Console.Error.WriteLine(file + ": " + e);
                    return 1;
                }
            }
            Console.WriteLine($"{args[0]}: {run} inputs, no failure");
            return 0;
        }
        Fuzzer.Run(stream =>
        {
            using var ms = new MemoryStream();
            stream.CopyTo(ms);
            target(ms.ToArray());
        });
        return 0;
    }
}
