using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BotHub.Admin.Data.Migrations
{
    /// <inheritdoc />
    public partial class Sending : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "LastCode",
                table: "Deliveries",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LastMessage",
                table: "Deliveries",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LastRequestId",
                table: "Deliveries",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "LastSubcode",
                table: "Deliveries",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "NextAttemptUtc",
                table: "Deliveries",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "PausedCode",
                table: "Channels",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PausedMessage",
                table: "Channels",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "PausedUtc",
                table: "Channels",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ExpiresUtc",
                table: "Broadcasts",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "FinishedUtc",
                table: "Broadcasts",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "IsTest",
                table: "Broadcasts",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTime>(
                name: "StartedUtc",
                table: "Broadcasts",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "DeliveryAttempts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DeliveryId = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    HttpStatus = table.Column<int>(type: "INTEGER", nullable: true),
                    Code = table.Column<int>(type: "INTEGER", nullable: true),
                    Subcode = table.Column<int>(type: "INTEGER", nullable: true),
                    ProviderMessage = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    RequestId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    LatencyMs = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DeliveryAttempts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DeliveryAttempts_Deliveries_DeliveryId",
                        column: x => x.DeliveryId,
                        principalTable: "Deliveries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DeliveryAttempts_DeliveryId_AtUtc",
                table: "DeliveryAttempts",
                columns: new[] { "DeliveryId", "AtUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DeliveryAttempts");

            migrationBuilder.DropColumn(
                name: "LastCode",
                table: "Deliveries");

            migrationBuilder.DropColumn(
                name: "LastMessage",
                table: "Deliveries");

            migrationBuilder.DropColumn(
                name: "LastRequestId",
                table: "Deliveries");

            migrationBuilder.DropColumn(
                name: "LastSubcode",
                table: "Deliveries");

            migrationBuilder.DropColumn(
                name: "NextAttemptUtc",
                table: "Deliveries");

            migrationBuilder.DropColumn(
                name: "PausedCode",
                table: "Channels");

            migrationBuilder.DropColumn(
                name: "PausedMessage",
                table: "Channels");

            migrationBuilder.DropColumn(
                name: "PausedUtc",
                table: "Channels");

            migrationBuilder.DropColumn(
                name: "ExpiresUtc",
                table: "Broadcasts");

            migrationBuilder.DropColumn(
                name: "FinishedUtc",
                table: "Broadcasts");

            migrationBuilder.DropColumn(
                name: "IsTest",
                table: "Broadcasts");

            migrationBuilder.DropColumn(
                name: "StartedUtc",
                table: "Broadcasts");
        }
    }
}
