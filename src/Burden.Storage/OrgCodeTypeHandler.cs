using System.Data;
using Burden.Core.Catalogue;
using Dapper;

namespace Burden.Storage;

/// <summary>Lets Dapper take an <see cref="OrgCode"/> as a parameter (its upper-case text) and read one from a column.</summary>
/// <remarks>The store passes <see cref="OrgCode.Value"/> itself; this keeps a query written with the value type from failing at run time.</remarks>
internal sealed class OrgCodeTypeHandler : SqlMapper.TypeHandler<OrgCode>
{
    private static int _registered;

    /// <summary>Registers the handler once per process.</summary>
    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 0)
        {
            SqlMapper.AddTypeHandler(new OrgCodeTypeHandler());
        }
    }

    public override void SetValue(IDbDataParameter parameter, OrgCode? value)
    {
        parameter.DbType = DbType.String;
        parameter.Value = value is null ? DBNull.Value : value.Value;
    }

    public override OrgCode? Parse(object value) => value is string text ? OrgCode.FromStored(text) : null;
}
