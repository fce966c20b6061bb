using System.Linq;
using System.Reflection;
using System.Runtime.Versioning;
using Xunit;

namespace TcpModel.Tests;

/// <summary>Which build of the library this suite runs against (see TcpModel.Tests.csproj, LibraryTarget).</summary>
public class LibraryTargetTests
{
    [Fact]
    public void The_suite_runs_against_the_library_build_it_was_asked_for()
    {
        string asked = typeof(LibraryTargetTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "LibraryTarget").Value ?? "";
        string built = typeof(TcpConnection).Assembly.GetCustomAttribute<TargetFrameworkAttribute>()!.FrameworkName;
        string expected = asked switch
        {
            "" or "net10.0" => ".NETCoreApp,Version=v10.0",
            "net8.0" => ".NETCoreApp,Version=v8.0",
            "netstandard2.1" => ".NETStandard,Version=v2.1",
            _ => "unknown LibraryTarget " + asked,
        };
        Assert.Equal(expected, built);
    }
}
