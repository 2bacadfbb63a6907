using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BotHub.Admin.Data.Migrations
{
    /// <inheritdoc />
    public partial class ApiKeyUsage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ApiKeyId",
                table: "DeliveryAttempts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ApiKeyTests",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ApiKeyId = table.Column<int>(type: "INTEGER", nullable: false),
                    AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    Code = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApiKeyTests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ApiKeyTests_ApiKeys_ApiKeyId",
                        column: x => x.ApiKeyId,
                        principalTable: "ApiKeys",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DeliveryAttempts_ApiKeyId_AtUtc_Outcome",
                table: "DeliveryAttempts",
                columns: new[] { "ApiKeyId", "AtUtc", "Outcome" });

            migrationBuilder.CreateIndex(
                name: "IX_ApiKeyTests_ApiKeyId_AtUtc",
                table: "ApiKeyTests",
                columns: new[] { "ApiKeyId", "AtUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ApiKeyTests");

            migrationBuilder.DropIndex(
                name: "IX_DeliveryAttempts_ApiKeyId_AtUtc_Outcome",
                table: "DeliveryAttempts");

            migrationBuilder.DropColumn(
                name: "ApiKeyId",
                table: "DeliveryAttempts");
        }
    }
}
