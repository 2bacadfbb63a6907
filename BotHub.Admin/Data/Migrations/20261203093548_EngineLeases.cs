using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BotHub.Admin.Data.Migrations
{
    /// <inheritdoc />
    public partial class EngineLeases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ClaimedBy",
                table: "Deliveries",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "InRequest",
                table: "Deliveries",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTime>(
                name: "LeaseUntilUtc",
                table: "Deliveries",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Deliveries_BroadcastId_State_NextAttemptUtc_Sequence",
                table: "Deliveries",
                columns: new[] { "BroadcastId", "State", "NextAttemptUtc", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_Deliveries_State_NextAttemptUtc",
                table: "Deliveries",
                columns: new[] { "State", "NextAttemptUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Deliveries_BroadcastId_State_NextAttemptUtc_Sequence",
                table: "Deliveries");

            migrationBuilder.DropIndex(
                name: "IX_Deliveries_State_NextAttemptUtc",
                table: "Deliveries");

            migrationBuilder.DropColumn(
                name: "ClaimedBy",
                table: "Deliveries");

            migrationBuilder.DropColumn(
                name: "InRequest",
                table: "Deliveries");

            migrationBuilder.DropColumn(
                name: "LeaseUntilUtc",
                table: "Deliveries");
        }
    }
}
